// Request validation against the contracts: the same zod schemas the services check, so
// a bad field is named here (422 with the field list) before anything is forwarded.
import { toIssues } from '@ioc/contracts';
import { negotiateLang, type Lang } from '@ioc/i18n';
import { z } from 'zod';
import { Problem } from './problem';

export function validate<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'path' = 'body'): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw Problem.validation(toIssues(result.error), where);
  return result.data;
}

/** One path parameter, named in the problem's field list (`id`, `code`) when it is refused. */
export function pathParam<S extends z.ZodType>(name: string, schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw Problem.validation(toIssues(result.error).map((i) => ({ ...i, path: i.path ? `${name}.${i.path}` : name })), 'path');
  return result.data;
}

/** Query-string helpers: numbers and booleans arrive as text. */
export const queryInt = (def: number, min: number, max: number) =>
  z.coerce.number({ message: 'must be a whole number' }).int('must be a whole number').min(min, `must be ≥ ${min}`).max(max, `must be ≤ ${max}`).default(def);
export const queryBool = () =>
  z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true');

/**
 * A file's language: `?lang=vi|en` when given (a link someone shares keeps it), else the
 * request's Accept-Language; Vietnamese by default.
 */
export const LangQuery = { lang: z.enum(['vi', 'en']).optional() };
export function fileLang(queryLang: Lang | undefined, acceptLanguage: string | undefined): Lang {
  return queryLang ?? negotiateLang(acceptLanguage);
}
