// Errors of the report renderers. An invalid report is a caller's bug (the figures come
// from our own SLA and coverage services); a missing font is a machine that lacks a
// package. Both throw rather than produce a report that is wrong or unreadable.

export type ReportErrorCode = 'invalid_report' | 'font_not_found' | 'font_unusable';

export class ReportError extends Error {
  constructor(
    readonly code: ReportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}
