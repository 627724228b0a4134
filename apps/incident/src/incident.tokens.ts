// Injection tokens of the incident service, declared in one place so every module and provider imports them from here.
// Its configuration, logger and connections are PlatformModule's; the names below are theirs in this app.
import { APP_CONFIG, DATA_SOURCE, LOGGER, NATS_CONNECTION } from '@ioc/platform';

export const INCIDENT_CONFIG = APP_CONFIG;
export const INCIDENT_DATA_SOURCE = DATA_SOURCE;
export const INCIDENT_LOGGER = LOGGER;
export const INCIDENT_NATS = NATS_CONNECTION;
export const INCIDENT_POLICY = Symbol('INCIDENT_POLICY');
