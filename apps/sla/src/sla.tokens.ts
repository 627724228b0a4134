// Injection tokens of the sla service's shared providers, declared in one place so every module and provider imports them from here.
export const SLA_CONFIG = Symbol('SLA_CONFIG');
export const SLA_DATA_SOURCE = Symbol('SLA_DATA_SOURCE');
export const SLA_LOGGER = Symbol('SLA_LOGGER');
export const SLA_MEASUREMENTS = Symbol('SLA_MEASUREMENTS');
export const SLA_NATS = Symbol('SLA_NATS');
export const SLA_POLICY = Symbol('SLA_POLICY');
