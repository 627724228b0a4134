const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'device-status', rootDir: __dirname };
