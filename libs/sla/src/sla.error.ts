// Errors of the SLA rules. Every one is a caller's data error (a period that ends before it
// starts, a month written "2026-13", an acknowledgement before the incident opened), so the
// rules throw with a code instead of producing figures that are quietly wrong.

/**
 * `invalid_period`: `to` before `from`, or a bound that is not a whole number of ms.
 * `invalid_instant`: a time (transition, installation, window, incident) that is not a
 * whole number of ms since the epoch.
 * `invalid_window`: a maintenance window that ends before it starts.
 * `invalid_date`, `invalid_month`: not a calendar date `YYYY-MM-DD` / month `YYYY-MM`.
 * `invalid_time_zone`: not an IANA time zone this runtime knows.
 * `invalid_incident`: an incident acknowledged or resolved before it opened, or opened
 * after the instant it is judged at.
 * `invalid_policy`: a response target or escalation limit out of its domain (the message
 * names the key).
 */
export type SlaErrorCode =
  | 'invalid_period'
  | 'invalid_instant'
  | 'invalid_window'
  | 'invalid_date'
  | 'invalid_month'
  | 'invalid_time_zone'
  | 'invalid_incident'
  | 'invalid_policy';

export class SlaError extends Error {
  constructor(
    readonly code: SlaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SlaError';
  }
}

/** Throws `invalid_instant` unless `value` is a whole number of ms (what Date.parse gives). */
export function assertInstant(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new SlaError('invalid_instant', `${what}: expected whole milliseconds since the epoch (got ${String(value)})`);
  }
}
