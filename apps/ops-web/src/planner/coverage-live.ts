// Coverage figures as the planner sees them: the REST answer, with every `coverage.updated`
// push that arrived after that answer was asked for laid over it. The live state keeps
// the latest push per area (an object that is replaced, never changed, per push), so a
// query remembers the pushes it had already seen when it sent its request (its
// baseline): a push that is still the same object is older than the REST figures and is
// ignored, anything else is newer and wins. No clocks are compared, so a browser whose
// clock is off by minutes still shows the newest figures. Pure: no React, no socket.
import type { AreaCoverageDto, OpsCoverage } from '@ioc/contracts';

/** The latest push per area code, as LiveState.coverage holds them. */
export type CoveragePushes = ReadonlyMap<string, OpsCoverage>;

/** What a query had seen when it asked: a copy of the pushes map at that moment. */
export function pushBaseline(live: CoveragePushes | undefined): CoveragePushes {
  return new Map(live ?? []);
}

/** The push of `areaCode` that is newer than the query's baseline, if any. */
export function newerPush(areaCode: string, baseline: CoveragePushes, live: CoveragePushes | undefined): OpsCoverage | undefined {
  const push = live?.get(areaCode);
  if (!push || baseline.get(areaCode) === push) return undefined;
  return push;
}

/** One area's figures: the newer push's, else the REST answer's. */
export function liveArea<A extends AreaCoverageDto>(rest: A, baseline: CoveragePushes, live: CoveragePushes | undefined): A {
  const push = newerPush(rest.areaCode, baseline, live);
  // A detail answer (with checkpoints) keeps its extra fields; the push replaces the figures.
  return push ? { ...rest, ...push.coverage } : rest;
}

/** Every area's figures, pushes applied; the list keeps the REST order and membership (the user's scope). */
export function liveAreas(rest: readonly AreaCoverageDto[], baseline: CoveragePushes, live: CoveragePushes | undefined): AreaCoverageDto[] {
  if (!live || live.size === 0) return [...rest];
  return rest.map((a) => liveArea(a, baseline, live));
}

/** Whether any push arrived after the baseline was taken (the province KPI is then out of date). */
export function hasNewerPushes(baseline: CoveragePushes, live: CoveragePushes | undefined, areaCode?: string): boolean {
  if (!live) return false;
  if (areaCode !== undefined) return newerPush(areaCode, baseline, live) !== undefined;
  for (const [code, push] of live) if (baseline.get(code) !== push) return true;
  return false;
}

/**
 * How long to wait before refetching a figure that pushes made stale, so that it is
 * refetched at most once per `minIntervalMs`: at once when the last fetch is old enough,
 * else when it will be.
 */
export function refetchDelay(lastFetchedAt: number, now: number, minIntervalMs: number): number {
  return Math.max(0, lastFetchedAt + minIntervalMs - now);
}

/**
 * A counter that moves only when the pushes map changes (an area's push replaced, added
 * or dropped), so a screen that shows coverage re-renders on coverage pushes and not on
 * every device status of the province. Compares references, allocates nothing while
 * nothing changed.
 */
export function coverageChangeCounter(): (live: CoveragePushes | undefined) => number {
  let refs: OpsCoverage[] = [];
  let version = 0;
  return (live) => {
    const size = live?.size ?? 0;
    let changed = size !== refs.length;
    if (!changed && live) {
      let i = 0;
      for (const push of live.values()) {
        if (refs[i++] !== push) {
          changed = true;
          break;
        }
      }
    }
    if (changed) {
      refs = live ? [...live.values()] : [];
      version++;
    }
    return version;
  };
}
