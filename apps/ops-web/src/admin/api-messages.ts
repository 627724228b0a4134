// The forms' mapping of a problem's field list onto their own fields. (The messages come
// in the user's language from the api; @ioc/i18n renders any that arrive in English.)
import { ApiError } from '../api/http';

export interface FormProblem {
  /** The API's messages per form field (the first field whose path they fall under), one a line. */
  fields: Record<string, string>;
  /** Messages about fields the form does not show, as `path: message`. */
  others: { field: string; message: string }[];
}

/**
 * Spreads a problem's field list over a form's fields. `fields` are tried in order and a
 * path belongs to the first one it equals or starts with (`scope.districts` → `scope`),
 * so list the specific ones first.
 */
export function spreadProblem(err: unknown, fields: readonly string[]): FormProblem {
  const out: FormProblem = { fields: {}, others: [] };
  if (!(err instanceof ApiError)) return out;
  for (const e of err.problem.errors ?? []) {
    const field = fields.find((f) => e.field === f || e.field.startsWith(`${f}.`));
    if (field === undefined) out.others.push(e);
    else out.fields[field] = out.fields[field] ? `${out.fields[field]}\n${e.message}` : e.message;
  }
  return out;
}
