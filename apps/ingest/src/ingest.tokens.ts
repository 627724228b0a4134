// Injection tokens of the ingest service's shared providers, declared in one place so every module and provider imports them from here.
export const INGEST_CONFIG = Symbol('INGEST_CONFIG');
export const INGEST_JETSTREAM = Symbol('INGEST_JETSTREAM');
export const INGEST_LOGGER = Symbol('INGEST_LOGGER');
export const INGEST_NATS = Symbol('INGEST_NATS');
export const INGEST_REDIS = Symbol('INGEST_REDIS');
