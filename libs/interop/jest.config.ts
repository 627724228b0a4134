const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'interop', rootDir: __dirname };
