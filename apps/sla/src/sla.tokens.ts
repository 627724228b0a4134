// Injection tokens of the SLA service's shared providers.
export const SLA_NATS = Symbol('SLA_NATS');
export const SLA_LOGGER = Symbol('SLA_LOGGER');
export const SLA_MEASUREMENTS = Symbol('SLA_MEASUREMENTS');
