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
