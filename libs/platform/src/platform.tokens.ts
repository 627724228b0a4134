// What PlatformModule provides to every app, by token. An app's own tokens file names
// these for its readers (REGISTRY_NATS = NATS_CONNECTION, …) next to its own.
export const APP_CONFIG = Symbol('APP_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
