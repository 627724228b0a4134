const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'contracts', rootDir: __dirname };
