// The register's operations: key areas and checkpoints, gateways and their MQTT
// credentials, devices. Each checks permission and area scope, validates against the rest
// of the register, writes in one transaction with its audit entry, and only then tells the
// status keeping (working set) or the broker (credentials).
import { Inject, Injectable } from '@nestjs/common';
import {
  DeviceInput,
  extentIssues,
  type Actor,
  type Checkpoint,
  type CheckpointInput,
  type CheckpointPatch,
  type Device,
  type DevicePatch,
  type DeviceTransition,
  type Gateway,
  type GatewayCredentials,
  type GatewayInput,
  type GatewayRegistered,
  type KeyArea,
  type KeyAreaInput,
  type KeyAreaPatch,
  partitionOfArea,
  toIssues,
} from '@ioc/contracts';
import { errorMessage, JsonLogger, PartitionOwnerCalls, requirePermission, ServiceError } from '@ioc/platform';
import { generateGatewayPassword } from '../gateway-credentials/gateway-password';
import type { GatewayCredentialIssuer } from '../gateway-credentials/gateway-credentials';
import type { RegistryConfig } from '../registry.config';
import { StatusProcessor } from '../status-processor.service';
import { AuditRepository } from './audit.repository';
import { AreaRepository } from './area.repository';
import { DeviceRepository } from './device.repository';
import { GatewayRepository, gatewayPublishFilter } from './gateway.repository';
import { areaFilter, refuseOutOfScope, requireArea } from './register.access';
import { decideAreaPlacement } from '@ioc/access';
import { checkCheckpointPlacements, checkDevicePlacements, type PlacementIssue } from './placement';
import { GATEWAY_CREDENTIALS, REGISTRY_CONFIG, REGISTRY_LOGGER } from '../registry.tokens';

/** Turns placement issues of one record into the error its caller should see. */
export function placementError(issues: PlacementIssue[]): ServiceError | undefined {
  if (issues.length === 0) return undefined;
  const fields = issues.map((i) => ({ path: i.path, message: i.message }));
  const kind = issues.find((i) => i.kind === 'forbidden') ?? issues.find((i) => i.kind === 'invalid') ?? issues[0];
  const code = kind?.kind === 'forbidden' ? 'forbidden' : kind?.kind === 'invalid' ? 'invalid' : 'conflict';
  return new ServiceError(code, issues.map((i) => `${i.path}: ${i.message}`).join('; '), fields);
}

const PG_UNIQUE_VIOLATION = '23505';
const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === PG_UNIQUE_VIOLATION;

@Injectable()
export class RegisterService {
  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(GATEWAY_CREDENTIALS) private readonly credentials: GatewayCredentialIssuer,
    @Inject(REGISTRY_LOGGER) private readonly logger: JsonLogger,
    private readonly processor: StatusProcessor,
    private readonly audit: AuditRepository,
    private readonly areas: AreaRepository,
    private readonly gateways: GatewayRepository,
    private readonly devices: DeviceRepository,
    private readonly ownerCalls: PartitionOwnerCalls,
  ) {
    // Decommissioning writes the device's status, which the owner of its partition keeps in memory.
    ownerCalls.handle('devices.decommission', (r: { actor: Actor; id: string; reason: string }) => this.decommissionHere(r.actor, r.id, r.reason));
  }

  private placementOptions(actor: Actor, existing = false) {
    return { actor, toleranceM: this.config.REGISTRY_AREA_TOLERANCE_M, extent: this.config.REGISTRY_PROVINCE_EXTENT, marginDeg: this.config.REGISTRY_PROVINCE_MARGIN_DEG, existing };
  }

  /** A boundary with a vertex outside the province is refused before it is stored. */
  private assertBoundaryInProvince(boundary: KeyAreaInput['boundary'] | undefined): void {
    if (!boundary) return;
    const issues = extentIssues('boundary', boundary, this.config.REGISTRY_PROVINCE_EXTENT, this.config.REGISTRY_PROVINCE_MARGIN_DEG);
    if (issues.length > 0) throw new ServiceError('invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }

  // ── key areas ───────────────────────────────────────────────────────────────────────

  async listAreas(actor: Actor, district?: string): Promise<KeyArea[]> {
    requirePermission(actor, 'register.read', 'read the register');
    const codes = await areaFilter(this.areas, actor);
    return this.areas.list({ codes, district });
  }

  async getArea(actor: Actor, code: string): Promise<KeyArea> {
    requirePermission(actor, 'register.read', 'read the register');
    await requireArea(this.areas, actor, code);
    return this.mustRead(this.areas.get(code), `no key area ${code}`);
  }

  async createArea(actor: Actor, area: KeyAreaInput): Promise<KeyArea> {
    requirePermission(actor, 'areas.write', 'create key areas');
    refuseOutOfScope(decideAreaPlacement(actor.scope, area));
    this.assertBoundaryInProvince(area.boundary);
    return this.areas.transaction(async (em) => {
      try {
        await this.areas.in(em).insert(area);
      } catch (e) {
        if (isUniqueViolation(e)) throw new ServiceError('conflict', `a key area ${area.code} already exists`, [{ path: 'code', message: 'already exists' }]);
        throw e;
      }
      await this.assertValidBoundary(this.areas.in(em), area.code);
      const rows = area.checkpoints.map((c) => ({ ...c, areaCode: area.code }));
      const err = placementError(await checkCheckpointPlacements(this.areas.in(em), rows, this.placementOptions(actor)));
      if (err) throw err;
      await this.areas.in(em).insertCheckpoints(rows);
      const created = await this.mustRead(this.areas.in(em).get(area.code), 'key area vanished');
      await this.audit.record(em, actor, [{ action: 'key_area.create', entityType: 'key_area', entityId: area.code, areaCode: area.code, before: null, after: created }]);
      return created;
    });
  }

  async updateArea(actor: Actor, code: string, patch: KeyAreaPatch): Promise<KeyArea> {
    requirePermission(actor, 'areas.write', 'change key areas');
    const current = await requireArea(this.areas, actor, code);
    if (patch.district !== undefined) refuseOutOfScope(decideAreaPlacement(actor.scope, { code, district: patch.district }, current));
    this.assertBoundaryInProvince(patch.boundary);
    return this.areas.transaction(async (em) => {
      const before = await this.mustRead(this.areas.in(em).get(code), `no key area ${code}`);
      await this.areas.in(em).update(code, patch);
      if (patch.boundary) await this.assertValidBoundary(this.areas.in(em), code);
      const after = await this.mustRead(this.areas.in(em).get(code), 'key area vanished');
      await this.audit.record(em, actor, [{ action: 'key_area.update', entityType: 'key_area', entityId: code, areaCode: code, before, after }]);
      return after;
    });
  }

  private async assertValidBoundary(areas: AreaRepository, code: string): Promise<void> {
    const reason = await areas.boundaryProblem(code);
    if (reason !== undefined) {
      throw new ServiceError('invalid', `boundary: not a valid polygon (${reason})`, [{ path: 'boundary', message: `not a valid polygon: ${reason}` }]);
    }
  }

  // ── checkpoints ─────────────────────────────────────────────────────────────────────

  async createCheckpoint(actor: Actor, areaCode: string, checkpoint: CheckpointInput): Promise<Checkpoint> {
    requirePermission(actor, 'register.write', 'change checkpoints');
    await requireArea(this.areas, actor, areaCode);
    const row = { ...checkpoint, areaCode };
    return this.areas.transaction(async (em) => {
      const err = placementError(await checkCheckpointPlacements(this.areas.in(em), [row], this.placementOptions(actor)));
      if (err) throw err;
      await this.areas.in(em).insertCheckpoints([row]).catch((e: unknown) => {
        throw isUniqueViolation(e) ? new ServiceError('conflict', `key area ${areaCode} already has a checkpoint ${checkpoint.id}`) : e;
      });
      const created = await this.mustRead(this.areas.in(em).checkpoint(areaCode, checkpoint.id), 'checkpoint vanished');
      await this.audit.record(em, actor, [
        { action: 'checkpoint.create', entityType: 'checkpoint', entityId: `${areaCode}/${checkpoint.id}`, areaCode, before: null, after: created },
      ]);
      return created;
    });
  }

  async updateCheckpoint(actor: Actor, areaCode: string, id: string, patch: CheckpointPatch): Promise<Checkpoint> {
    requirePermission(actor, 'register.write', 'change checkpoints');
    await requireArea(this.areas, actor, areaCode);
    return this.areas.transaction(async (em) => {
      const before = await this.mustRead(this.areas.in(em).checkpoint(areaCode, id), `key area ${areaCode} has no checkpoint ${id}`);
      const location = patch.location ?? before.location;
      const err = placementError(await checkCheckpointPlacements(this.areas.in(em), [{ id, areaCode, location }], this.placementOptions(actor, true)));
      if (err) throw err;
      await this.areas.in(em).updateCheckpoint(areaCode, id, { purposes: patch.purposes ?? null, description: patch.description ?? null, location });
      const after = await this.mustRead(this.areas.in(em).checkpoint(areaCode, id), 'checkpoint vanished');
      await this.audit.record(em, actor, [{ action: 'checkpoint.update', entityType: 'checkpoint', entityId: `${areaCode}/${id}`, areaCode, before, after }]);
      return after;
    });
  }

  async deleteCheckpoint(actor: Actor, areaCode: string, id: string): Promise<void> {
    requirePermission(actor, 'register.write', 'change checkpoints');
    await requireArea(this.areas, actor, areaCode);
    await this.areas.transaction(async (em) => {
      const before = await this.mustRead(this.areas.in(em).checkpoint(areaCode, id), `key area ${areaCode} has no checkpoint ${id}`);
      await this.areas.in(em).deleteCheckpoint(areaCode, id);
      await this.audit.record(em, actor, [{ action: 'checkpoint.delete', entityType: 'checkpoint', entityId: `${areaCode}/${id}`, areaCode, before, after: null }]);
    });
  }

  // ── gateways and their credentials ──────────────────────────────────────────────────

  async listGateways(actor: Actor, q: { areaCode?: string; limit: number; offset: number }): Promise<{ items: Gateway[]; total: number }> {
    requirePermission(actor, 'register.read', 'read the register');
    const areaCodes = await areaFilter(this.areas, actor, q.areaCode);
    return this.gateways.list({ areaCodes, limit: q.limit, offset: q.offset });
  }

  async getGateway(actor: Actor, id: string): Promise<Gateway> {
    requirePermission(actor, 'register.read', 'read the register');
    const gateway = await this.mustRead(this.gateways.get(id), `no gateway ${id}`);
    await requireArea(this.areas, actor, gateway.areaCode);
    return gateway;
  }

  /** Registers a gateway and issues its MQTT credentials; the password is returned once. */
  async createGateway(actor: Actor, input: GatewayInput): Promise<GatewayRegistered> {
    requirePermission(actor, 'register.write', 'register gateways');
    await requireArea(this.areas, actor, input.areaCode).catch((e: unknown) => {
      throw e instanceof ServiceError && e.code === 'not_found' ? new ServiceError('invalid', e.message, [{ path: 'areaCode', message: e.message }]) : e;
    });
    const username = `${this.config.MQTT_GATEWAY_USERNAME_PREFIX}${input.id}`;
    const password = generateGatewayPassword();
    const filter = gatewayPublishFilter(this.config.MQTT_TOPIC_ROOT, input.areaCode, input.id);
    const gateway = await this.gateways.transaction(async (em) => {
      try {
        await this.gateways.in(em).insert({ id: input.id, areaCode: input.areaCode, name: input.name, mqttUsername: username });
      } catch (e) {
        if (isUniqueViolation(e)) throw new ServiceError('conflict', `a gateway ${input.id} is already registered`, [{ path: 'id', message: 'already registered' }]);
        throw e;
      }
      const created = await this.mustRead(this.gateways.in(em).get(input.id), 'gateway vanished');
      await this.audit.record(em, actor, [
        { action: 'gateway.create', entityType: 'gateway', entityId: input.id, areaCode: input.areaCode, before: null, after: created },
      ]);
      // Last, so that a broker refusal rolls the registration back.
      await this.broker(() => this.credentials.issueGatewayCredentials(username, password, filter));
      return created;
    });
    return { gateway, credentials: { username, password, publishFilter: filter, issuedAt: gateway.credentials.issuedAt ?? new Date().toISOString() } };
  }

  /** A new password; sessions using the old one are disconnected. */
  async rotateGateway(actor: Actor, id: string): Promise<GatewayCredentials> {
    requirePermission(actor, 'register.write', 'rotate gateway credentials');
    const before = await this.getGateway(actor, id);
    const username = before.credentials.username ?? `${this.config.MQTT_GATEWAY_USERNAME_PREFIX}${id}`;
    const password = generateGatewayPassword();
    const after = await this.gateways.transaction(async (em) => {
      await this.gateways.in(em).credentialsIssued(id, username);
      const updated = await this.mustRead(this.gateways.in(em).get(id), 'gateway vanished');
      await this.audit.record(em, actor, [{ action: 'gateway.credentials.rotate', entityType: 'gateway', entityId: id, areaCode: before.areaCode, before, after: updated }]);
      // Issuing replaces the password of an existing client (its sessions are dropped) and
      // creates it again after a revocation, or if the broker lost it.
      await this.broker(() => this.credentials.issueGatewayCredentials(username, password, before.credentials.publishFilter));
      return updated;
    });
    return { username, password, publishFilter: after.credentials.publishFilter, issuedAt: after.credentials.issuedAt ?? new Date().toISOString() };
  }

  /** Revokes the credentials: connected sessions are dropped and new ones refused at once. */
  async revokeGateway(actor: Actor, id: string): Promise<Gateway> {
    requirePermission(actor, 'register.write', 'revoke gateway credentials');
    const before = await this.getGateway(actor, id);
    const username = before.credentials.username;
    if (before.credentials.state !== 'active' || username === null) {
      throw new ServiceError('conflict', `gateway ${id} has no active credentials (${before.credentials.state})`);
    }
    return this.gateways.transaction(async (em) => {
      await this.gateways.in(em).credentialsRevoked(id);
      const after = await this.mustRead(this.gateways.in(em).get(id), 'gateway vanished');
      await this.audit.record(em, actor, [{ action: 'gateway.credentials.revoke', entityType: 'gateway', entityId: id, areaCode: before.areaCode, before, after }]);
      await this.broker(() => this.credentials.revokeGatewayCredentials(username));
      return after;
    });
  }

  private async broker(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      this.logger.event('error', 'the MQTT broker refused a credentials change', { error: errorMessage(e) });
      throw new ServiceError('unavailable', `the MQTT broker did not apply the credentials change, nothing was changed: ${errorMessage(e)}`);
    }
  }

  // ── devices ─────────────────────────────────────────────────────────────────────────

  async listDevices(
    actor: Actor,
    q: { areaCode?: string; gatewayId?: string; status?: Device['status']; kind?: Device['kind']; limit: number; offset: number },
  ): Promise<{ items: Device[]; total: number }> {
    requirePermission(actor, 'register.read', 'read the register');
    const areaCodes = await areaFilter(this.areas, actor, q.areaCode);
    return this.devices.list({ ...q, areaCodes });
  }

  async getDevice(actor: Actor, id: string): Promise<Device> {
    requirePermission(actor, 'register.read', 'read the register');
    const device = await this.mustRead(this.devices.get(id), `no device ${id}`);
    await requireArea(this.areas, actor, device.areaCode);
    return device;
  }

  /** A device's status history, for whoever may read the device (same permission and scope). */
  async deviceTransitions(actor: Actor, id: string, q: { from?: string; to?: string; limit: number }): Promise<{ items: DeviceTransition[] }> {
    await this.getDevice(actor, id);
    return { items: await this.devices.transitions(id, q) };
  }

  async createDevice(actor: Actor, input: DeviceInput): Promise<Device> {
    requirePermission(actor, 'register.write', 'register devices');
    const created = await this.devices.transaction(async (em) => {
      const err = placementError(await checkDevicePlacements(this.devices.in(em), [input], this.placementOptions(actor)));
      if (err) throw err;
      await this.devices.in(em).insert([input]).catch((e: unknown) => {
        throw isUniqueViolation(e) ? new ServiceError('conflict', `device ${input.id} or serial ${input.serial} is already registered`) : e;
      });
      const device = await this.mustRead(this.devices.in(em).get(input.id), 'device vanished');
      await this.audit.record(em, actor, [{ action: 'device.create', entityType: 'device', entityId: input.id, areaCode: input.areaCode, before: null, after: device }]);
      return device;
    });
    await this.processor.reloadDevices([created.id]);
    return created;
  }

  async updateDevice(actor: Actor, id: string, patch: DevicePatch): Promise<Device> {
    requirePermission(actor, 'register.write', 'change devices');
    const before = await this.getDevice(actor, id);
    if (before.decommissionedAt !== null) throw new ServiceError('conflict', `device ${id} was decommissioned on ${before.decommissionedAt}; it cannot change`);
    const merged = DeviceInput.safeParse({ ...fromDevice(before), ...patch });
    if (!merged.success) {
      const issues = toIssues(merged.error);
      throw new ServiceError('invalid', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
    }
    const next = merged.data;
    const updated = await this.devices.transaction(async (em) => {
      const err = placementError(await checkDevicePlacements(this.devices.in(em), [next], this.placementOptions(actor, true)));
      if (err) throw err;
      await this.devices.in(em).update(id, next);
      const after = await this.mustRead(this.devices.in(em).get(id), 'device vanished');
      await this.audit.record(em, actor, [{ action: 'device.update', entityType: 'device', entityId: id, areaCode: after.areaCode, before, after }]);
      return after;
    });
    await this.processor.reloadDevices([id]);
    return updated;
  }

  /**
   * Takes a device out of service for good; its history (transitions, audit) stays. Runs on
   * the copy that owns the device's partition (decision 0024), whichever copy was asked.
   */
  async decommissionDevice(actor: Actor, id: string, reason: string): Promise<Device> {
    requirePermission(actor, 'register.write', 'decommission devices');
    const before = await this.getDevice(actor, id);
    return this.ownerCalls.call<Device>(partitionOfArea(before.areaCode), 'devices.decommission', { actor, id, reason });
  }

  private async decommissionHere(actor: Actor, id: string, reason: string): Promise<Device> {
    const before = await this.getDevice(actor, id);
    if (before.decommissionedAt !== null) throw new ServiceError('conflict', `device ${id} was already decommissioned on ${before.decommissionedAt}`);
    await this.processor.decommission(id, Date.now(), async (em) => {
      await this.devices.in(em).setDecommissionReason(id, reason);
      await this.audit.record(em, actor, [
        { action: 'device.decommission', entityType: 'device', entityId: id, areaCode: before.areaCode, before, after: { ...before, status: 'decommissioned', decommissionReason: reason } },
      ]);
    });
    return this.mustRead(this.devices.get(id), 'device vanished');
  }

  /** For ingest's Frigate adapter: which registered, working device a camera name is. */
  async resolveFrigateCamera(gatewayId: string, frigateCamera: string): Promise<{ deviceId: string | null; areaCode: string | null }> {
    const device = await this.devices.byFrigateCamera(gatewayId, frigateCamera);
    return { deviceId: device?.id ?? null, areaCode: device?.area_code ?? null };
  }

  /** For maintenance windows: the key area (and gateway) of a device, gateway or area. */
  async locate(targetType: 'device' | 'gateway' | 'area', id: string): Promise<{ areaCode: string | null; gatewayId: string | null }> {
    if (targetType === 'device') return this.devices.locate(id);
    if (targetType === 'gateway') return this.gateways.locate(id);
    return this.areas.locate(id);
  }

  private async mustRead<T>(read: Promise<T | undefined>, notFound: string): Promise<T> {
    const value = await read;
    if (value === undefined) throw new ServiceError('not_found', notFound);
    return value;
  }
}

/** A registered device as the input it would be registered with (for patching). */
function fromDevice(d: Device): Record<string, unknown> {
  return {
    id: d.id,
    serial: d.serial,
    kind: d.kind,
    cameraType: d.cameraType ?? undefined,
    name: d.name,
    vendor: d.vendor,
    model: d.model,
    purposes: d.purposes,
    areaCode: d.areaCode,
    gatewayId: d.gatewayId,
    location: d.location ?? undefined,
    bearingDeg: d.bearingDeg ?? undefined,
    fovDeg: d.fovDeg ?? undefined,
    rangeM: d.rangeM ?? undefined,
    installedOn: d.installedOn ?? undefined,
    contractor: d.contractor,
    heartbeatTimeoutS: d.heartbeatTimeoutS,
    externalRefs: d.externalRefs,
  };
}
