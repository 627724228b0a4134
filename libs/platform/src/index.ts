export * from './config';
export * from './logger';
export * from './errors';
export * from './observability.module';
export * from './nats';
export * from './bootstrap';
export * from './tokens';
export * from './database';
