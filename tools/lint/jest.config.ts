// The lint test: the workspace's own ESLint config run on small in-memory files.
const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'lint', rootDir: __dirname, testMatch: ['<rootDir>/*.spec.ts'] };
