// Checks of devices and checkpoints against the rest of the register, in one query for a
// whole batch: the key area exists, is in the actor's scope and (with the tolerance)
// contains the point; the gateway exists and serves that area; ids and serials are free.
// Used by single registrations and bulk imports alike, so both refuse the same things.
import { inScope } from '@ioc/access';
import { outsideExtent, type Actor, type GeoExtent } from '@ioc/contracts';
import type { AreaRepository } from './area.repository';
import type { DeviceRepository } from './device.repository';

export type PlacementIssueKind = 'invalid' | 'conflict' | 'forbidden';

export interface PlacementIssue {
  /** Index of the row in the batch. */
  index: number;
  /** Field of the device or checkpoint at fault (contract names: location, gatewayId, serial…). */
  path: string;
  message: string;
  kind: PlacementIssueKind;
}

export interface DevicePlacement {
  id: string;
  serial?: string;
  areaCode: string;
  gatewayId: string;
  location: { coordinates: [number, number] };
}

export interface PlacementOptions {
  actor: Actor;
  toleranceM: number;
  /** The province's extent and margin: a position outside is refused before any query. */
  extent: GeoExtent;
  marginDeg: number;
  /** An update of an existing device: its own id and serial are not conflicts. */
  existing?: boolean;
}

const metres = (m: number) => `${Math.round(m)} m`;

function areaIssues(
  row: { area: string | null; district: string | null; distance_m: number | null },
  areaCode: string,
  index: number,
  o: PlacementOptions,
  what: string,
): PlacementIssue[] {
  if (row.area === null || row.district === null) return [{ index, path: 'areaCode', message: `no key area ${areaCode}`, kind: 'invalid' }];
  if (!inScope(o.actor.scope, { code: areaCode, district: row.district })) {
    return [{ index, path: 'areaCode', message: `key area ${areaCode} is outside your scope`, kind: 'forbidden' }];
  }
  if (row.distance_m !== null && row.distance_m > o.toleranceM) {
    return [
      {
        index,
        path: 'location',
        message: `lies ${metres(row.distance_m)} outside key area ${areaCode}; a ${what} must be inside its area or within ${metres(o.toleranceM)} of it`,
        kind: 'invalid',
      },
    ];
  }
  return [];
}

/** Positions outside the province (lon and lat swapped, a typo in a degree). */
function extentIssues(items: { location: { coordinates: [number, number] } }[], o: PlacementOptions): PlacementIssue[] {
  return items.flatMap((item, index) => {
    const problem = outsideExtent(item.location.coordinates, o.extent, o.marginDeg);
    return problem ? [{ index, path: 'location', message: problem, kind: 'invalid' as const }] : [];
  });
}

/** `repository`: the device repository of the transaction the placement is checked in. */
export async function checkDevicePlacements(repository: DeviceRepository, devices: DevicePlacement[], o: PlacementOptions): Promise<PlacementIssue[]> {
  if (devices.length === 0) return [];
  const issues: PlacementIssue[] = extentIssues(devices, o);
  const rows = await repository.placements(devices);
  for (const row of rows) {
    const d = devices[row.i];
    if (!d) continue;
    issues.push(...areaIssues(row, d.areaCode, row.i, o, 'device'));
    if (row.gw === null) issues.push({ index: row.i, path: 'gatewayId', message: `no gateway ${d.gatewayId}`, kind: 'invalid' });
    else if (row.gw_area !== d.areaCode) {
      issues.push({ index: row.i, path: 'gatewayId', message: `gateway ${d.gatewayId} serves key area ${row.gw_area}, not ${d.areaCode}`, kind: 'invalid' });
    }
    if (!o.existing && row.taken_id !== null) {
      issues.push({ index: row.i, path: 'id', message: `a device ${d.id} is already registered`, kind: 'conflict' });
    }
    if (row.serial_owner !== null) {
      issues.push({ index: row.i, path: 'serial', message: `serial ${d.serial} is already registered to device ${row.serial_owner}`, kind: 'conflict' });
    }
  }
  return issues;
}

export interface CheckpointPlacement {
  id: string;
  areaCode: string;
  location: { coordinates: [number, number] };
}

export async function checkCheckpointPlacements(repository: AreaRepository, checkpoints: CheckpointPlacement[], o: PlacementOptions): Promise<PlacementIssue[]> {
  if (checkpoints.length === 0) return [];
  const issues: PlacementIssue[] = extentIssues(checkpoints, o);
  const rows = await repository.checkpointPlacements(checkpoints);
  for (const row of rows) {
    const c = checkpoints[row.i];
    if (!c) continue;
    issues.push(...areaIssues(row, c.areaCode, row.i, o, 'checkpoint'));
    if (!o.existing && row.taken !== null) {
      issues.push({ index: row.i, path: 'id', message: `key area ${c.areaCode} already has a checkpoint ${c.id}`, kind: 'conflict' });
    }
  }
  return issues;
}
