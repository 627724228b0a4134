// Injection tokens of the api service's shared providers, declared in one place so every module and provider imports them from here.
export const API_CONFIG = Symbol('API_CONFIG');
export const API_NATS = Symbol('API_NATS');
