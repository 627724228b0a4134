// From the register's shapes (libs/contracts) to the lib's minimal inputs, so every
// service derives "installed", "decommissioned" and "operational" the same way.
import type { Checkpoint, Device, KeyArea } from '@ioc/contracts';
import type { CoverageArea, CoverageCheckpoint, CoverageDevice } from './model';

/**
 * A registered device as the coverage rules see it on `asOfDate` (YYYY-MM-DD, in
 * Asia/Ho_Chi_Minh, the day the figures are for): installed when its installation date is
 * on or before that day; decommissioned once decommissioned; operational only while its
 * status is `online` (`degraded`, `offline` and a device never heard from, `unknown`, are
 * not). A device without a position or a range cannot cover anything: null. A device
 * without a field of view (a sensor) sees all around; without a bearing, faces north.
 */
export function coverageDeviceFromRegister(device: Device, asOfDate: string): CoverageDevice | null {
  if (device.location === null || device.rangeM === null) return null;
  const decommissioned = device.decommissionedAt !== null || device.status === 'decommissioned';
  return {
    id: device.id,
    areaCode: device.areaCode,
    purposes: device.purposes,
    location: device.location.coordinates,
    bearingDeg: device.bearingDeg ?? 0,
    fovDeg: device.fovDeg ?? 360,
    rangeM: device.rangeM,
    installed: device.installedOn !== null && device.installedOn <= asOfDate,
    decommissioned,
    operational: !decommissioned && device.status === 'online',
  };
}

export function coverageCheckpointFromRegister(checkpoint: Checkpoint): CoverageCheckpoint {
  return {
    id: checkpoint.id,
    areaCode: checkpoint.areaCode,
    purposes: checkpoint.purposes,
    location: checkpoint.location.coordinates,
  };
}

export function coverageAreaFromRegister(area: KeyArea): CoverageArea {
  return { code: area.code, name: area.name, district: area.district, targetPct: area.coverageTargetPct };
}
