// Injection tokens of the registry service, declared in one place so every module and provider imports them from here.
// Its configuration, logger and connections are PlatformModule's; the names below are theirs in this app.
import { APP_CONFIG, DATA_SOURCE, LOGGER, NATS_CONNECTION } from '@ioc/platform';

export const GATEWAY_CREDENTIALS = Symbol('GATEWAY_CREDENTIALS');
export const REGISTRY_CONFIG = APP_CONFIG;
export const REGISTRY_DATA_SOURCE = DATA_SOURCE;
export const REGISTRY_LOGGER = LOGGER;
export const REGISTRY_NATS = NATS_CONNECTION;
export const REGISTRY_STORE = Symbol('REGISTRY_STORE');
