const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'incidents', rootDir: __dirname };
