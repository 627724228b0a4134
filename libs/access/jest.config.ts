const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'access', rootDir: __dirname };
