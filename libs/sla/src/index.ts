// SLA rules (DESIGN.md §4 "SLA"), pure: local days and months, device availability from
// status transitions with the platform's monitoring gaps as no data, time-weighted roll-ups, and incident response compliance and
// escalation. No I/O and no clock: every instant comes in as epoch ms.
export * from './sla.error';
export * from './periods';
export * from './availability';
export * from './roll-up';
export * from './monitoring';
export * from './response';
