// A key area's checkpoints as the area page shows them: for each one and each of its
// purposes, whether it is seen (by an installed device; by an operational one) or blind,
// and by which devices. A checkpoint counts as covered when every purpose it has is
// covered, the same rule as the coverage GeoJSON export's `coveredInstalled` /
// `coveredOperational`. Pure.
import type { AreaCoverageDetailDto, Checkpoint, Purpose } from '@ioc/contracts';

export type CoverageMode = 'installed' | 'operational';

export interface PurposeSight {
  purpose: Purpose;
  installed: string[];
  operational: string[];
}

export interface CheckpointView {
  id: string;
  /** [lon, lat] */
  location: [number, number];
  description: string;
  purposes: Purpose[];
  sights: PurposeSight[];
  coveredInstalled: boolean;
  coveredOperational: boolean;
}

const ORDER: Record<Purpose, number> = { traffic: 0, security: 1 };

export function checkpointViews(detail: AreaCoverageDetailDto, registered: readonly Checkpoint[] = []): CheckpointView[] {
  const described = new Map(registered.map((c) => [c.id, c.description]));
  return detail.checkpointCoverage
    .map((cp) => {
      const sights = [...cp.byPurpose].sort((a, b) => ORDER[a.purpose] - ORDER[b.purpose]).map((p) => ({ purpose: p.purpose, installed: [...p.installed], operational: [...p.operational] }));
      return {
        id: cp.checkpointId,
        location: [cp.location[0], cp.location[1]] as [number, number],
        description: described.get(cp.checkpointId) ?? '',
        purposes: [...cp.purposes].sort((a, b) => ORDER[a] - ORDER[b]),
        sights,
        coveredInstalled: sights.length > 0 && sights.every((s) => s.installed.length > 0),
        coveredOperational: sights.length > 0 && sights.every((s) => s.operational.length > 0),
      };
    })
    .sort((a, b) => a.id.localeCompare(b.id, 'vi', { numeric: true }));
}

/** Whether one purpose of a checkpoint is seen in a mode. */
export function isSeen(sight: PurposeSight, mode: CoverageMode): boolean {
  return (mode === 'installed' ? sight.installed : sight.operational).length > 0;
}

/** Ids of every device that sees a checkpoint of the area (some may be registered in a neighbouring area). */
export function coveringDeviceIds(views: readonly CheckpointView[]): string[] {
  const ids = new Set<string>();
  for (const v of views) for (const s of v.sights) for (const id of s.installed) ids.add(id);
  return [...ids].sort();
}
