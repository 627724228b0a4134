// Injection tokens of the coverage service's shared providers, declared in one place so every module and provider imports them from here.
export const COVERAGE_CONFIG = Symbol('COVERAGE_CONFIG');
export const COVERAGE_DATA_SOURCE = Symbol('COVERAGE_DATA_SOURCE');
export const COVERAGE_LOGGER = Symbol('COVERAGE_LOGGER');
export const COVERAGE_NATS = Symbol('COVERAGE_NATS');
