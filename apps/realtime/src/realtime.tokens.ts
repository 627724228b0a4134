// Injection tokens of the realtime service's shared providers, declared in one place so every module and provider imports them from here.
export const REALTIME_CONFIG = Symbol('REALTIME_CONFIG');
export const REALTIME_LOGGER = Symbol('REALTIME_LOGGER');
export const REALTIME_NATS = Symbol('REALTIME_NATS');
export const REALTIME_REDIS = Symbol('REALTIME_REDIS');
