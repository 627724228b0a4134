const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'sla-rules', rootDir: __dirname };
