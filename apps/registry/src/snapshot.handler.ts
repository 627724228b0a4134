// The current state of some or all key areas (`registry.snapshot.v1`, answered by the
// operations controller), read from Postgres (which every batch brings up to date before acking).
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AreaSnapshot, RegistrySnapshotReply } from '@ioc/contracts';
import { REGISTRY_DATA_SOURCE } from './database';
import { REGISTRY_CONFIG, type RegistryConfig } from './registry.config';

@Injectable()
export class SnapshotHandler {
  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(REGISTRY_DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  async snapshot(areaCodes?: string[]): Promise<RegistrySnapshotReply> {
    const s = `"${this.config.DB_SCHEMA}"`;
    const filter = areaCodes ? 'WHERE a.code = ANY($1)' : '';
    const areas: { code: string; name: string; district: string }[] = await this.ds.query(
      `SELECT code, name, district FROM ${s}.key_areas a ${filter} ORDER BY district, name`,
      areaCodes ? [areaCodes] : [],
    );
    const devices: { id: string; gateway_id: string; area_code: string; kind: 'camera' | 'traffic_sensor'; name: string; status: AreaSnapshot['devices'][number]['status']; status_since: Date | null }[] =
      await this.ds.query(
        `SELECT d.id, d.gateway_id, d.area_code, d.kind, d.name, d.status, d.status_since FROM ${s}.devices d
         ${areaCodes ? 'WHERE d.area_code = ANY($1)' : ''} ORDER BY d.id`,
        areaCodes ? [areaCodes] : [],
      );
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
