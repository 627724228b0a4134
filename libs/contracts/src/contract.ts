// A contract is a versioned name with a zod schema. Producers and consumers import the
// same constant, so a shape can only change in one place, and a breaking change is a new
// version (`device.status.v2`) that both sides adopt deliberately.
import { z } from 'zod';

export interface ContractIssue {
  /** Dotted path of the offending field, '' for the whole payload. */
  path: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ContractIssue[] };

export interface Contract<S extends z.ZodType> {
  readonly name: string;
  readonly version: number;
  readonly schema: S;
  parse(input: unknown): ParseResult<z.infer<S>>;
}

export function defineContract<S extends z.ZodType>(name: string, version: number, schema: S): Contract<S> {
  return {
    name,
    version,
    schema,
    parse(input) {
      const result = schema.safeParse(input);
      if (result.success) return { ok: true, value: result.data };
      return { ok: false, issues: toIssues(result.error) };
    },
  };
}

export function toIssues(error: z.ZodError): ContractIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export function formatIssues(issues: ContractIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}

/**
 * Identifiers that appear in MQTT topics and NATS subjects: no separators, no wildcards,
 * and no leading "-" (a spreadsheet would read the exported cell as a formula).
 */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;
export const identifier = () =>
  z.string().regex(IDENTIFIER_PATTERN, 'must be 1-64 characters of A-Z, a-z, 0-9, "_" or "-", not starting with "-"');

/** RFC 3339 timestamp with an explicit offset or Z. */
export const rfc3339 = () => z.iso.datetime({ offset: true });

// ---------------------------------------------------------------------------------------
// Text, ids and numbers at the edges. Every string a caller sends (REST body, query or path,
// NATS operation, CSV or GeoJSON cell, MQTT payload) goes through `text` or a stricter
// pattern before it reaches SQL, Redis or a log: Postgres refuses NUL in text (a 500 before
// this rule), control characters hide text in the register and in exports, a lone surrogate
// cannot be stored as UTF-8, and U+FFFD is what a body that was not valid UTF-8 decodes to
// (so refusing it refuses the invalid bytes instead of storing the replacement character).

/** C0 controls except tab, line feed and carriage return, then DEL and the C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the rule
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the rule
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface TextRules {
  /** Tab, line feed and carriage return allowed inside (notes, descriptions). Default false. */
  lines?: boolean;
}

/** Why `value` is not acceptable text, or undefined when it is. */
export function textProblem(value: string, rules: TextRules = {}): string | undefined {
  const control = (rules.lines ? CONTROL_EXCEPT_LINES : CONTROL).exec(value);
  if (control) {
    const code = control[0].charCodeAt(0);
    const name = code === 0 ? 'NUL' : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return `must not contain control characters (found ${name} at character ${control.index + 1})`;
  }
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it holds a lone surrogate)';
  const replacement = value.indexOf('\ufffd');
  if (replacement >= 0) return `must be valid UTF-8 (found U+FFFD, the mark of bytes that were not UTF-8, at character ${replacement + 1})`;
  return undefined;
}

function checkText(rules: TextRules) {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = textProblem(value, rules);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  };
}

/**
 * Text from outside: at most `max` characters (UTF-16 units), no control characters (tab and
 * line breaks only with `lines`), valid Unicode, no U+FFFD. Empty is allowed (add `.min(1)`).
 */
export const text = (max: number, rules: TextRules = {}) =>
  z.string().max(max, `must be at most ${max} characters`).superRefine(checkText(rules));

/** Non-empty `text`. */
export const requiredString = (max: number, rules: TextRules = {}) =>
  z.string().min(1, 'required').max(max, `must be at most ${max} characters`).superRefine(checkText(rules));

/**
 * The first string (key or value) anywhere in `value` that breaks the text rule (line
 * breaks allowed), with its path: for open shapes such as a device's extra attributes,
 * which are stored as JSON (Postgres jsonb refuses NUL) without a schema of their own.
 */
export function deepTextIssue(value: unknown, path: (string | number)[] = [], depth = 0): ContractIssue | undefined {
  const at = (p: (string | number)[]) => p.map(String).join('.');
  if (typeof value === 'string') {
    const problem = textProblem(value, { lines: true });
    return problem ? { path: at(path), message: problem } : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth > 32) return { path: at(path), message: 'is nested more than 32 levels deep' };
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, child] of entries) {
    if (typeof key === 'string') {
      const problem = textProblem(key, { lines: false });
      if (problem) return { path: at([...path, key]), message: `key ${problem}` };
    }
    const issue = deepTextIssue(child, [...path, key], depth + 1);
    if (issue) return issue;
  }
  return undefined;
}

/**
 * A refinement for open objects: every string inside the properties not in `declared` (those
 * have their own schema) follows the text rule.
 */
export function checkDeepText(declared: readonly string[]) {
  const skip = new Set(declared);
  return (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    const rest = Object.fromEntries(Object.entries(value).filter(([k]) => !skip.has(k)));
    const issue = deepTextIssue(rest);
    if (issue) ctx.addIssue({ code: 'custom', path: issue.path ? issue.path.split('.') : [], message: issue.message });
  };
}

/** A UUID, checked before it is used as a key (a non-UUID string in a uuid column is a SQL error). */
export const uuid = (what = 'id') => z.string().uuid(`must be ${what === 'id' ? 'an id' : `a ${what}`} (UUID)`);

/** Largest value of a Postgres `bigint` (int8). */
export const MAX_BIGINT = 9_223_372_036_854_775_807n;
/** Largest value of a Postgres `integer` (int4). */
export const MAX_INT4 = 2_147_483_647;

/** A positive `bigint` key as decimal text (a cursor such as the audit log's `beforeId`), in the column's range. */
export const bigintId = (message = 'must be an entry id') =>
  z
    .string()
    .regex(/^[1-9]\d{0,18}$/, `${message}: a whole number from 1 to ${MAX_BIGINT}`)
    // zod runs this check even after the pattern failed, so it must not call BigInt on just anything.
    .refine((s) => !/^\d{1,19}$/.test(s) || BigInt(s) <= MAX_BIGINT, `${message}: at most ${MAX_BIGINT}`);

/** A whole number that fits a Postgres `integer` column, at least `min`. */
export const int4 = (min = 0) =>
  z.number().int('must be a whole number').min(min, `must be ≥ ${min}`).max(MAX_INT4, `must be ≤ ${MAX_INT4}`);
