// Answers the register's request/reply operations (REGISTRY_OPERATIONS in @ioc/contracts),
// one @MessagePattern per operation on `{prefix}.registry.v1.<operation>` (the transport
// checks each request against its contract first), and the state snapshot realtime asks
// for on `{prefix}.registry.snapshot.v1`. Errors become the coded envelope (OperationErrorFilter).
import { Controller, Injectable, UseFilters, UseInterceptors, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { finalize, type Observable } from 'rxjs';
import { REGISTRY_OPERATIONS, type RegistrySnapshotRequest } from '@ioc/contracts';
import { OperationErrorFilter, type OperationHandlers, type OperationRequest, requirePermission } from '@ioc/platform';
import { RegisterImportService } from './imports/register-import.service';
import { RegisterEventsPublisher } from './register/register-events.publisher';
import { AuditRepository } from './register/audit.repository';
import { AreaRepository } from './register/area.repository';
import { DeviceRepository } from './register/device.repository';
import { areaFilter, scopedAreaCodes } from './register/register.access';
import { RegisterService } from './register/register.service';
import { SnapshotHandler } from './snapshot.handler';
import { UsersService } from './users/users.service';

type Handlers = OperationHandlers<typeof REGISTRY_OPERATIONS>;
type In<O extends keyof typeof REGISTRY_OPERATIONS> = OperationRequest<typeof REGISTRY_OPERATIONS, O>;

/** A change is announced as soon as it is committed (the publisher's timer is the safety net). */
@Injectable()
export class AnnounceChanges implements NestInterceptor {
  constructor(private readonly events: RegisterEventsPublisher) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(finalize(() => this.events.flush()));
  }
}

@Controller()
@UseFilters(new OperationErrorFilter())
@UseInterceptors(AnnounceChanges)
export class OperationsController implements Handlers {
  constructor(
    private readonly register: RegisterService,
    private readonly users: UsersService,
    private readonly imports: RegisterImportService,
    private readonly snapshots: SnapshotHandler,
    private readonly audit: AuditRepository,
    private readonly areas: AreaRepository,
    private readonly devices: DeviceRepository,
  ) {}

  @MessagePattern('registry.v1.auth.login')
  async 'auth.login'(r: In<'auth.login'>) {
    return this.users.login(r.username, r.password, r.address);
  }

  @MessagePattern('registry.v1.auth.session')
  async 'auth.session'(r: In<'auth.session'>) {
    return this.users.session(r);
  }

  @MessagePattern('registry.v1.auth.logout')
  async 'auth.logout'(r: In<'auth.logout'>) {
    await this.users.logout(r.actor);
    return { ok: true as const };
  }

  @MessagePattern('registry.v1.users.list')
  async 'users.list'(r: In<'users.list'>) {
    return ({ items: await this.users.list(r.actor) });
  }

  @MessagePattern('registry.v1.users.create')
  async 'users.create'(r: In<'users.create'>) {
    return this.users.create(r.actor, r.user);
  }

  @MessagePattern('registry.v1.users.update')
  async 'users.update'(r: In<'users.update'>) {
    return this.users.update(r.actor, r.id, r.patch);
  }

  @MessagePattern('registry.v1.users.unlock')
  async 'users.unlock'(r: In<'users.unlock'>) {
    return this.users.unlock(r.actor, r.id);
  }

  @MessagePattern('registry.v1.areas.list')
  async 'areas.list'(r: In<'areas.list'>) {
    return ({ items: await this.register.listAreas(r.actor, r.district) });
  }

  @MessagePattern('registry.v1.areas.get')
  async 'areas.get'(r: In<'areas.get'>) {
    return this.register.getArea(r.actor, r.code);
  }

  @MessagePattern('registry.v1.areas.create')
  async 'areas.create'(r: In<'areas.create'>) {
    return this.register.createArea(r.actor, r.area);
  }

  @MessagePattern('registry.v1.areas.update')
  async 'areas.update'(r: In<'areas.update'>) {
    return this.register.updateArea(r.actor, r.code, r.patch);
  }

  @MessagePattern('registry.v1.checkpoints.create')
  async 'checkpoints.create'(r: In<'checkpoints.create'>) {
    return this.register.createCheckpoint(r.actor, r.areaCode, r.checkpoint);
  }

  @MessagePattern('registry.v1.checkpoints.update')
  async 'checkpoints.update'(r: In<'checkpoints.update'>) {
    return this.register.updateCheckpoint(r.actor, r.areaCode, r.id, r.patch);
  }

  @MessagePattern('registry.v1.checkpoints.delete')
  async 'checkpoints.delete'(r: In<'checkpoints.delete'>) {
    await this.register.deleteCheckpoint(r.actor, r.areaCode, r.id);
    return { ok: true as const };
  }

  @MessagePattern('registry.v1.gateways.list')
  async 'gateways.list'(r: In<'gateways.list'>) {
    return this.register.listGateways(r.actor, r);
  }

  @MessagePattern('registry.v1.gateways.get')
  async 'gateways.get'(r: In<'gateways.get'>) {
    return this.register.getGateway(r.actor, r.id);
  }

  @MessagePattern('registry.v1.gateways.create')
  async 'gateways.create'(r: In<'gateways.create'>) {
    return this.register.createGateway(r.actor, r.gateway);
  }

  @MessagePattern('registry.v1.gateways.rotate')
  async 'gateways.rotate'(r: In<'gateways.rotate'>) {
    return this.register.rotateGateway(r.actor, r.id);
  }

  @MessagePattern('registry.v1.gateways.revoke')
  async 'gateways.revoke'(r: In<'gateways.revoke'>) {
    return this.register.revokeGateway(r.actor, r.id);
  }

  @MessagePattern('registry.v1.devices.list')
  async 'devices.list'(r: In<'devices.list'>) {
    return this.register.listDevices(r.actor, r);
  }

  @MessagePattern('registry.v1.devices.get')
  async 'devices.get'(r: In<'devices.get'>) {
    return this.register.getDevice(r.actor, r.id);
  }

  @MessagePattern('registry.v1.devices.create')
  async 'devices.create'(r: In<'devices.create'>) {
    return this.register.createDevice(r.actor, r.device);
  }

  @MessagePattern('registry.v1.devices.update')
  async 'devices.update'(r: In<'devices.update'>) {
    return this.register.updateDevice(r.actor, r.id, r.patch);
  }

  @MessagePattern('registry.v1.devices.decommission')
  async 'devices.decommission'(r: In<'devices.decommission'>) {
    return this.register.decommissionDevice(r.actor, r.id, r.body.reason);
  }

  @MessagePattern('registry.v1.devices.transitions')
  async 'devices.transitions'(r: In<'devices.transitions'>) {
    return this.register.deviceTransitions(r.actor, r.id, r);
  }

  @MessagePattern('registry.v1.imports.create')
  async 'imports.create'(r: In<'imports.create'>) {
    return this.imports.create(r.actor, r.options, r.content);
  }

  @MessagePattern('registry.v1.imports.get')
  async 'imports.get'(r: In<'imports.get'>) {
    return this.imports.get(r.actor, r.id);
  }

  @MessagePattern('registry.v1.imports.issues')
  async 'imports.issues'(r: In<'imports.issues'>) {
    return this.imports.issues(r.actor, r.id, r.offset, r.limit);
  }

  @MessagePattern('registry.v1.audit.list')
  async 'audit.list'(r: In<'audit.list'>) {
    requirePermission(r.actor, 'audit.read', 'read the audit log');
    // A scoped reader sees the entries of their areas only (user entries have no area).
    const areaCodes = r.areaCode ? await areaFilter(this.areas, r.actor, r.areaCode) : await scopedAreaCodes(this.areas, r.actor);
    return this.audit.read({ ...r, areaCodes });
  }

  @MessagePattern('registry.v1.devices.resolve-frigate')
  async 'devices.resolve-frigate'(r: In<'devices.resolve-frigate'>) {
    return this.register.resolveFrigateCamera(r.gatewayId, r.frigateCamera);
  }

  @MessagePattern('registry.v1.areas.districts')
  async 'areas.districts'() {
    return {
      items: [...(await this.areas.districts())].map(([code, district]) => ({ code, district })),
    };
  }

  @MessagePattern('registry.v1.targets.locate')
  async 'targets.locate'(r: In<'targets.locate'>) {
    return this.register.locate(r.targetType, r.targetId);
  }

  @MessagePattern('registry.v1.register.devices')
  async 'register.devices'(r: In<'register.devices'>) {
    return ({ items: (await this.devices.list({ afterId: r.afterId, limit: r.limit })).items });
  }

  @MessagePattern('registry.v1.register.areas')
  async 'register.areas'(r: In<'register.areas'>) {
    return ({ items: await this.areas.list({ afterCode: r.afterCode, limit: r.limit }) });
  }

  @MessagePattern('registry.v1.export.areas')
  async 'export.areas'(r: In<'export.areas'>) {
    return ({ items: await this.register.listAreas(r.actor) });
  }

  @MessagePattern('registry.snapshot.v1')
  async snapshot(r: RegistrySnapshotRequest) {
    return this.snapshots.snapshot(r.areas);
  }
}
