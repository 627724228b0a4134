// Shared jest preset: SWC transform (same options as the build), @ioc/* aliases,
// Node environment. Each project's jest.config.ts spreads this.
const path = require('node:path');
const { swcOptions } = require('./tools/swc-options.js');

const aliases = require('./tsconfig.base.json').compilerOptions.paths;
const moduleNameMapper = Object.fromEntries(
  Object.entries(aliases).map(([alias, [target]]) => [`^${alias}$`, path.join(__dirname, target)]),
);

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swcOptions({ sourceMaps: 'inline' })] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
  setupFiles: [path.join(__dirname, 'tools/jest/setup-env.js')],
  testTimeout: 30000,
};
