// Coverage figures from counts: percentages, the target test, the area verdict and the
// KPI roll-up (DESIGN.md §4). Shared by the index and the placement planner so a plan's
// "after" figures are computed exactly like the live ones.
//
// Decisions a planner will ask about:
// - A purpose an area has no checkpoint of is "not applicable": pct null, applicable
//   false, and it counts as met (a school yard with only security checkpoints is not
//   failing a traffic target).
// - An area with no checkpoint at all is not assessed and does NOT meet the target: no
//   one has said what must be watched there, so "100% covered" cannot be claimed. It still
//   counts in the KPI's denominator, and `unassessed` says how many such areas there are.
// - The target is met when covered ≥ ⌈target% × checkpoints⌉ (integers, so 90% of 7
//   checkpoints needs 7, not 6.3); there is no rounding of percentages anywhere.
import { PURPOSES, type Purpose } from '@ioc/contracts';
import type { AreaCoverage, CoverageArea, CoverageFigure, CoverageKpi, KpiFigure, PurposeCoverage, PurposeTotals } from './model';

/** The fewest covered checkpoints, out of `total`, that reach `targetPct`. */
export function requiredCovered(total: number, targetPct: number): number {
  // The 1e-9 absorbs float products such as 0.07 × 100 = 7.000000000000001, which must
  // demand 7 checkpoints, not 8.
  return Math.max(0, Math.ceil((targetPct * total) / 100 - 1e-9));
}

export function coverageFigure(covered: number, total: number, targetPct: number): CoverageFigure {
  if (total === 0) return { covered: 0, pct: null, meetsTarget: true };
  return { covered, pct: (covered / total) * 100, meetsTarget: covered >= requiredCovered(total, targetPct) };
}

/** Per purpose: checkpoints, covered by installed devices, covered by operational devices. */
export type PurposeCounts = Record<Purpose, PurposeTotals>;

export function emptyCounts(): PurposeCounts {
  return {
    traffic: { checkpoints: 0, installedCovered: 0, operationalCovered: 0 },
    security: { checkpoints: 0, installedCovered: 0, operationalCovered: 0 },
  };
}

export function areaCoverageFrom(area: CoverageArea, checkpoints: number, counts: PurposeCounts): AreaCoverage {
  const purposes = {} as Record<Purpose, PurposeCoverage>;
  for (const purpose of PURPOSES) {
    const c = counts[purpose];
    purposes[purpose] = {
      purpose,
      applicable: c.checkpoints > 0,
      checkpoints: c.checkpoints,
      installed: coverageFigure(c.installedCovered, c.checkpoints, area.targetPct),
      operational: coverageFigure(c.operationalCovered, c.checkpoints, area.targetPct),
    };
  }
  const assessed = checkpoints > 0;
  return {
    areaCode: area.code,
    name: area.name,
    district: area.district,
    targetPct: area.targetPct,
    checkpoints,
    assessed,
    purposes,
    meetsTarget: {
      installed: assessed && PURPOSES.every((p) => purposes[p].installed.meetsTarget),
      operational: assessed && PURPOSES.every((p) => purposes[p].operational.meetsTarget),
    },
  };
}

function kpiFigure(meeting: number, areas: number): KpiFigure {
  return { meeting, pct: areas === 0 ? null : (meeting / areas) * 100 };
}

/** The share of key areas meeting their target, by installed and by operational coverage. */
export function kpiOf(areas: readonly AreaCoverage[]): CoverageKpi {
  const totals = emptyCounts();
  let installed = 0;
  let operational = 0;
  let unassessed = 0;
  for (const a of areas) {
    if (a.meetsTarget.installed) installed++;
    if (a.meetsTarget.operational) operational++;
    if (!a.assessed) unassessed++;
    for (const p of PURPOSES) {
      const t = totals[p];
      const f = a.purposes[p];
      t.checkpoints += f.checkpoints;
      t.installedCovered += f.installed.covered;
      t.operationalCovered += f.operational.covered;
    }
  }
  return {
    areas: areas.length,
    unassessed,
    installed: kpiFigure(installed, areas.length),
    operational: kpiFigure(operational, areas.length),
    purposes: totals,
  };
}
