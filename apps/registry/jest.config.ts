const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'registry', rootDir: __dirname };
