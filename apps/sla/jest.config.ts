const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'sla', rootDir: __dirname };
