// Injection tokens of the realtime service, declared in one place so every module and provider imports them from here.
// Its configuration, logger and connections are PlatformModule's; the names below are theirs in this app.
import { APP_CONFIG, LOGGER, NATS_CONNECTION, REDIS_CLIENT } from '@ioc/platform';

export const REALTIME_CONFIG = APP_CONFIG;
export const REALTIME_LOGGER = LOGGER;
export const REALTIME_NATS = NATS_CONNECTION;
export const REALTIME_REDIS = REDIS_CLIENT;
