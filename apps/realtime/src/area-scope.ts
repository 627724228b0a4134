// Which key areas a subscription may cover: the areas asked for, limited by the user's
// area scope (@ioc/access). All or nothing: a request naming one area outside the scope
// is refused as a whole, so a client never holds half of what it asked for.
import { areasInScope, describeScope, inScope, type ScopedArea } from '@ioc/access';
import type { AreaScope, OpsError, OpsSubscribe } from '@ioc/contracts';

export type AreaDecision = { ok: true; codes: string[] } | { ok: false; error: OpsError };

/**
 * `known` are the key areas the registry knows among those requested (every area for
 * '*'), each with its district. '*' means every known area in scope; explicit codes must
 * all exist and all lie in scope. For a user scoped to part of the province an unknown
 * area is refused exactly as one outside the scope (`forbidden`, same sentence), so the
 * answer does not tell whether an area exists outside it; a user scoped to all areas
 * hears `unknown_area`.
 */
export function decideAreas(requested: OpsSubscribe['areas'], known: readonly ScopedArea[], scope: AreaScope): AreaDecision {
  if (requested === '*') return { ok: true, codes: areasInScope(scope, known).map((a) => a.code) };
  const byCode = new Map(known.map((a) => [a.code, a]));
  if (scope.all) {
    const unknown = requested.filter((code) => !byCode.has(code));
    if (unknown.length > 0) return { ok: false, error: { code: 'unknown_area', message: `unknown key areas: ${unknown.join(', ')}` } };
    return { ok: true, codes: [...new Set(requested)] };
  }
  const outside = [
    ...new Set(
      requested.filter((code) => {
        const area = byCode.get(code);
        return area === undefined || !inScope(scope, area);
      }),
    ),
  ];
  if (outside.length > 0) {
    return {
      ok: false,
      error: { code: 'forbidden', message: `key areas outside your scope: ${outside.join(', ')} (your scope: ${describeScope(scope)})` },
    };
  }
  return { ok: true, codes: [...new Set(requested)] };
}
