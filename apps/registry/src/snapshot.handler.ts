// The current state of some or all key areas (`registry.snapshot.v1`, answered by the
// operations controller), read from Postgres (which every batch brings up to date before acking).
import { Injectable } from '@nestjs/common';
import type { AreaSnapshot, RegistrySnapshotReply } from '@ioc/contracts';
import { AreaRepository } from './register/area.repository';
import { DeviceRepository } from './register/device.repository';

@Injectable()
export class SnapshotHandler {
  constructor(
    private readonly areas: AreaRepository,
    private readonly devices: DeviceRepository,
  ) {}

  async snapshot(areaCodes?: string[]): Promise<RegistrySnapshotReply> {
    const areas = await this.areas.summaries(areaCodes);
    const devices = await this.devices.statuses(areaCodes);
    const byArea = new Map<string, AreaSnapshot>(areas.map((a) => [a.code, { areaCode: a.code, name: a.name, district: a.district, devices: [] }]));
    for (const d of devices) {
      byArea.get(d.area_code)?.devices.push({
        deviceId: d.id,
        gatewayId: d.gateway_id,
        kind: d.kind,
        name: d.name,
        status: d.status,
        statusSince: d.status_since?.toISOString() ?? null,
      });
    }
    return { areas: [...byArea.values()] };
  }
}
