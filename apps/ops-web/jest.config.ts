// Unit tests of the web app's pure logic (live state, queue order, formatting), in Node:
// React components and the map are exercised by the browser tests in apps/platform-e2e.
const preset = require('../../jest.preset.js');
export default { ...preset, displayName: 'ops-web', rootDir: __dirname };
