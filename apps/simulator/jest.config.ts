const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'simulator', rootDir: __dirname };
