const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'ingest', rootDir: __dirname };
