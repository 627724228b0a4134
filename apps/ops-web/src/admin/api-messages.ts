// The API's field messages (English, from the contracts' zod schemas and the registry)
// matched to sentences of the admin catalogue, so a Vietnamese admin reads "phải từ 3 đến
// 64 ký tự …" beside the username instead of the English original; a message not known
// here is shown as the API wrote it. Pure, and the forms' mapping of a problem's field
// list onto their own fields.
import { ApiError } from '../api/http';

export type ApiMessageKey =
  | 'required'
  | 'usernamePattern'
  | 'identifierPattern'
  | 'minLength'
  | 'maxLength'
  | 'formula'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'alreadyExists'
  | 'alreadyRegistered'
  | 'userExists'
  | 'areaExists'
  | 'scopeEmpty'
  | 'noArea'
  | 'noDistrict'
  | 'selfLockout'
  | 'invalidPolygon'
  | 'ringTooShort'
  | 'ringOpen'
  | 'oneRing'
  | 'outsideArea'
  | 'outsideScope'
  | 'districtOutsideScope'
  | 'grantAll'
  | 'widenOwnScope'
  | 'areaDistrictOutsideScope'
  | 'areaMoveOutsideScope'
  | 'signInLocked'
  | 'checkpointExists'
  | 'purposeRequired'
  | 'invalidOption'
  | 'expectedNumber'
  | 'expectedText';

export interface ApiMessage {
  key: ApiMessageKey;
  params: Record<string, string>;
}

const RULES: [RegExp, ApiMessageKey, string[]][] = [
  [/^(?:must not be empty|required)$/, 'required', []],
  [/^Invalid input: expected \w+, received (?:undefined|null)$/, 'required', []],
  [/^must be 3-64 characters of a-z, 0-9/, 'usernamePattern', []],
  [/^must be 1-64 characters of A-Z/, 'identifierPattern', []],
  [/^must be at least (\d+) characters$/, 'minLength', ['n']],
  [/^must be at most (\d+) characters$/, 'maxLength', ['n']],
  [/^must not start with =/, 'formula', []],
  [/^must be > (-?[\d.]+)$/, 'gt', ['n']],
  [/^must be ≥ (-?[\d.]+)$/, 'gte', ['n']],
  [/^must be < (-?[\d.]+)$/, 'lt', ['n']],
  [/^must be ≤ (-?[\d.]+)$/, 'lte', ['n']],
  [/^already exists$/, 'alreadyExists', []],
  [/^already registered$/, 'alreadyRegistered', []],
  [/^a user (\S+) already exists$/, 'userExists', ['name']],
  [/^a key area (\S+) already exists$/, 'areaExists', ['code']],
  [/^a scope needs all: true/, 'scopeEmpty', []],
  [/^no key area lies in a district named "(.+)"$/, 'noDistrict', ['name']],
  [/^no key area (\S+)$/, 'noArea', ['code']],
  [/^you cannot disable yourself or take away your own admin role$/, 'selfLockout', []],
  [/^(?:boundary: )?not a valid polygon:? \(?(.+?)\)?$/, 'invalidPolygon', ['reason']],
  [/^a ring needs at least 4 positions$/, 'ringTooShort', []],
  [/^a ring must be closed/, 'ringOpen', []],
  [/^exactly one ring/, 'oneRing', []],
  [/^(?:location: )?lies (.+) outside key area (\S+); a \S+ must be inside its area or within (.+) of it$/, 'outsideArea', ['distance', 'code', 'tolerance']],
  // An admin's scope (@ioc/access admin-scope): the most specific sentences first.
  [/^you may not widen your own scope: /, 'widenOwnScope', []],
  [/^you may not grant all areas/, 'grantAll', []],
  [/^moving key area (\S+) to district "(.+)" would take it outside your scope/, 'areaMoveOutsideScope', ['code', 'name']],
  [/^district "(.+)" is outside your scope \(.+\): you may create key areas only within it$/, 'areaDistrictOutsideScope', ['name']],
  [/^district "(.+)" is outside your scope/, 'districtOutsideScope', ['name']],
  [/^(?:areaCode: )?key area (\S+) is outside your scope(?: \(.+\))?$/, 'outsideScope', ['code']],
  [/^too many failed sign-ins for (?:user|address) \S+: locked until (\S+)/, 'signInLocked', ['until']],
  [/^key area (\S+) already has a checkpoint (\S+)$/, 'checkpointExists', ['code', 'id']],
  [/^at least one purpose/, 'purposeRequired', []],
  [/^Invalid option: expected one of (.+)$/, 'invalidOption', ['options']],
  [/^Invalid input: expected number/, 'expectedNumber', []],
  [/^Invalid input: expected string/, 'expectedText', []],
];

/** The catalogue sentence for an API message, or undefined to show the original. */
export function matchApiMessage(message: string): ApiMessage | undefined {
  for (const [pattern, key, names] of RULES) {
    const m = pattern.exec(message.trim());
    if (m) return { key, params: Object.fromEntries(names.map((n, i) => [n, m[i + 1] ?? ''])) };
  }
  return undefined;
}

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
