// RFC 9457 problem details: every error of the REST API has this shape, with a field-level
// list for validation failures. Types are stable URIs documented in docs/api-errors.md.
import { DEFAULT_LANG, problems, translateMessage, type Lang } from '@ioc/i18n';
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

/** A problem's title, by its code where the catalogue names it, else by status. */
const TITLE_OF_STATUS: Record<number, ProblemCode> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation',
  429: 'too_many_requests',
  503: 'unavailable',
  500: 'internal',
};
type ProblemCode = keyof (typeof problems)['vi'];

function titleOf(code: string, status: number, lang: Lang): string {
  const titles = problems[lang];
  const key = (code in titles ? code : TITLE_OF_STATUS[status] ?? 'other') as ProblemCode;
  return titles[key];
}

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

  /** The problem in `lang`: Vietnamese by default, English when the request asked for it (Accept-Language). */
  toJSON(instance?: string, lang: Lang = DEFAULT_LANG): ProblemDetails {
    return {
      type: `/problems/${this.code}`,
      title: titleOf(this.code, this.status, lang),
      status: this.status,
      detail: translateMessage(this.message, lang),
      ...(instance ? { instance } : {}),
      ...(this.errors.length > 0 ? { errors: this.errors.map((e) => ({ field: e.field, message: translateMessage(e.message, lang) })) } : {}),
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
  /** Sign-in locked after too many failures (decision 0019). */
  too_many_requests: 429,
  /** The service's answer would exceed the bus's payload limit: ask for less (a page, a filter). */
  answer_too_large: 422,
  unavailable: 503,
};
