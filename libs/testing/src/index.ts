export * from './test-context';
export * from './wait';
export * from './mqtt-publish';
export * from './app-process';
export * from './platform-env';
export * from './compose';
export * from './config-checks';
export * from './repo-root';
