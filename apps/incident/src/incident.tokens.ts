// Injection tokens of the incident service's shared providers, declared in one place so every module and provider imports them from here.
export const INCIDENT_CONFIG = Symbol('INCIDENT_CONFIG');
export const INCIDENT_DATA_SOURCE = Symbol('INCIDENT_DATA_SOURCE');
export const INCIDENT_LOGGER = Symbol('INCIDENT_LOGGER');
export const INCIDENT_NATS = Symbol('INCIDENT_NATS');
export const INCIDENT_POLICY = Symbol('INCIDENT_POLICY');
