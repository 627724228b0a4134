const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'i18n', rootDir: __dirname };
