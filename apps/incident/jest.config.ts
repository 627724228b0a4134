const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'incident', rootDir: __dirname };
