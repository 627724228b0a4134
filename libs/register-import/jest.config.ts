const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'register-import', rootDir: __dirname };
