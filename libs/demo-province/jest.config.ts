const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'demo-province', rootDir: __dirname };
