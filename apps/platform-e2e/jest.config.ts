// End-to-end tests: the built apps run as child processes against the real Postgres,
// Redis, NATS and the project's Mosquitto, each test file in its own prefixes and schema.
const preset = require('../../jest.preset.js');
export default {
  ...preset,
  displayName: 'platform-e2e',
  rootDir: __dirname,
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  setupFilesAfterEnv: ['<rootDir>/src/support/setup-timeout.ts'],
};
