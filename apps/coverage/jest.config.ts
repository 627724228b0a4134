const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'coverage', rootDir: __dirname };
