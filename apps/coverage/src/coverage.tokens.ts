// Injection tokens of the coverage service, declared in one place so every module and provider imports them from here.
// Its configuration, logger and connections are PlatformModule's; the names below are theirs in this app.
import { APP_CONFIG, DATA_SOURCE, LOGGER, NATS_CONNECTION } from '@ioc/platform';

export const COVERAGE_CONFIG = APP_CONFIG;
export const COVERAGE_DATA_SOURCE = DATA_SOURCE;
export const COVERAGE_LOGGER = LOGGER;
export const COVERAGE_NATS = NATS_CONNECTION;
