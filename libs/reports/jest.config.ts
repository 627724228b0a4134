const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'reports', rootDir: __dirname };
