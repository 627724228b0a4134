const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'api', rootDir: __dirname };
