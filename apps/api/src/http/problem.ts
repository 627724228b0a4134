// RFC 9457 problem details: every error of the REST API has this shape, with a field-level
// list for validation failures. Types are stable URIs documented in docs/api-errors.md.
import type { FieldIssue } from '@ioc/platform';

export interface ProblemField {
  /** Dotted path of the field in the request (body, query or path), e.g. `location`. */
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: ProblemField[];
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not authenticated',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Validation failed',
  429: 'Too many requests',
  503: 'Service unavailable',
  500: 'Internal error',
};

/** An error the API answers with on purpose. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly errors: ProblemField[] = [],
  ) {
    super(detail);
    this.name = 'Problem';
  }

  static validation(issues: FieldIssue[], where = 'request'): Problem {
    const errors = issues.map((i) => ({ field: i.path, message: i.message }));
    return new Problem(422, 'validation', `the ${where} has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((e) => e.field || '(whole)').join(', ')}`, errors);
  }

  toJSON(instance?: string): ProblemDetails {
    return {
      type: `/problems/${this.code}`,
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...(this.errors.length > 0 ? { errors: this.errors } : {}),
    };
  }
}

/** HTTP status of each service error code (SERVICE_ERROR_CODES). */
export const STATUS_OF_CODE: Record<string, number> = {
  invalid: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  /** Sign-in locked after too many failures (decision 0018). */
  too_many_requests: 429,
  /** The service's answer would exceed the bus's payload limit: ask for less (a page, a filter). */
  answer_too_large: 422,
  unavailable: 503,
};
