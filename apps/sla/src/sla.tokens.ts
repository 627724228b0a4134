// Injection tokens of the sla service, declared in one place so every module and provider imports them from here.
// Its configuration, logger and connections are PlatformModule's; the names below are theirs in this app.
import { APP_CONFIG, DATA_SOURCE, LOGGER, NATS_CONNECTION } from '@ioc/platform';

export const SLA_CONFIG = APP_CONFIG;
export const SLA_DATA_SOURCE = DATA_SOURCE;
export const SLA_LOGGER = LOGGER;
export const SLA_MEASUREMENTS = Symbol('SLA_MEASUREMENTS');
export const SLA_NATS = NATS_CONNECTION;
export const SLA_POLICY = Symbol('SLA_POLICY');
