// Injection tokens of the registry service's shared providers, declared in one place so every module and provider imports them from here.
export const GATEWAY_CREDENTIALS = Symbol('GATEWAY_CREDENTIALS');
export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');
export const REGISTRY_DATA_SOURCE = Symbol('REGISTRY_DATA_SOURCE');
export const REGISTRY_LOGGER = Symbol('REGISTRY_LOGGER');
export const REGISTRY_NATS = Symbol('REGISTRY_NATS');
export const REGISTRY_STORE = Symbol('REGISTRY_STORE');
