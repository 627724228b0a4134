const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'realtime', rootDir: __dirname };
