export * from './device-status';
