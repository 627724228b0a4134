// Injection tokens of the ingest service, declared in one place so every module and provider imports them from here.
// Its configuration, logger and connections are PlatformModule's; the names below are theirs in this app.
import { APP_CONFIG, LOGGER, NATS_CONNECTION } from '@ioc/platform';

export const INGEST_CONFIG = APP_CONFIG;
export const INGEST_JETSTREAM = Symbol('INGEST_JETSTREAM');
export const INGEST_LOGGER = LOGGER;
export const INGEST_NATS = NATS_CONNECTION;
