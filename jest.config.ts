// `npx jest` at the root runs every project's tests (unit specs and integration specs).
export default {
  projects: ['<rootDir>/apps/*/jest.config.ts', '<rootDir>/libs/*/jest.config.ts', '<rootDir>/tools/lint/jest.config.ts'],
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
};
