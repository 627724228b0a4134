// Answers the register's request/reply operations (REGISTRY_OPERATIONS in @ioc/contracts)
// on `{prefix}.registry.v1.<operation>`: validates each request against its contract,
// hands it to the service, and replies with the result or a coded error.
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection, Subscription } from 'nats';
import type { DataSource } from 'typeorm';
import { natsSubjects, REGISTRY_OPERATIONS } from '@ioc/contracts';
import { JsonLogger, type OperationHandlers, requirePermission, serveOperations } from '@ioc/platform';
import { REGISTRY_DATA_SOURCE } from './database';
import { RegisterImportService } from './imports/register-import.service';
import { RegisterEventsPublisher } from './register/register-events.publisher';
import { readAudit } from './register/audit';
import { readAreaDistricts, readAreas, readDevices } from './register/register.read';
import { areaFilter, scopedAreaCodes } from './register/register.access';
import { RegisterService } from './register/register.service';
import { REGISTRY_CONFIG, type RegistryConfig } from './registry.config';
import { REGISTRY_LOGGER, REGISTRY_NATS } from './status-processor.service';
import { UsersService } from './users/users.service';

type Handlers = OperationHandlers<typeof REGISTRY_OPERATIONS>;

@Injectable()
export class OperationsHandler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
    @Inject(REGISTRY_NATS) private readonly nc: NatsConnection,
    @Inject(REGISTRY_DATA_SOURCE) private readonly ds: DataSource,
    @Inject(REGISTRY_LOGGER) private readonly logger: JsonLogger,
    private readonly register: RegisterService,
    private readonly users: UsersService,
    private readonly imports: RegisterImportService,
    private readonly events: RegisterEventsPublisher,
  ) {}

  private readonly handlers: Handlers = {
    'auth.login': (r) => this.users.login(r.username, r.password),
    'auth.session': (r) => this.users.session(r.userId, r.tokenVersion),
    'auth.logout': async (r) => {
      await this.users.logout(r.actor);
      return { ok: true as const };
    },
    'users.list': async (r) => ({ items: await this.users.list(r.actor) }),
    'users.create': (r) => this.users.create(r.actor, r.user),
    'users.update': (r) => this.users.update(r.actor, r.id, r.patch),

    'areas.list': async (r) => ({ items: await this.register.listAreas(r.actor, r.district) }),
    'areas.get': (r) => this.register.getArea(r.actor, r.code),
    'areas.create': (r) => this.register.createArea(r.actor, r.area),
    'areas.update': (r) => this.register.updateArea(r.actor, r.code, r.patch),
    'checkpoints.create': (r) => this.register.createCheckpoint(r.actor, r.areaCode, r.checkpoint),
    'checkpoints.update': (r) => this.register.updateCheckpoint(r.actor, r.areaCode, r.id, r.patch),
    'checkpoints.delete': async (r) => {
      await this.register.deleteCheckpoint(r.actor, r.areaCode, r.id);
      return { ok: true as const };
    },

    'gateways.list': (r) => this.register.listGateways(r.actor, r),
    'gateways.get': (r) => this.register.getGateway(r.actor, r.id),
    'gateways.create': (r) => this.register.createGateway(r.actor, r.gateway),
    'gateways.rotate': (r) => this.register.rotateGateway(r.actor, r.id),
    'gateways.revoke': (r) => this.register.revokeGateway(r.actor, r.id),

    'devices.list': (r) => this.register.listDevices(r.actor, r),
    'devices.get': (r) => this.register.getDevice(r.actor, r.id),
    'devices.create': (r) => this.register.createDevice(r.actor, r.device),
    'devices.update': (r) => this.register.updateDevice(r.actor, r.id, r.patch),
    'devices.decommission': (r) => this.register.decommissionDevice(r.actor, r.id, r.body.reason),
    'devices.transitions': (r) => this.register.deviceTransitions(r.actor, r.id, r),

    'imports.create': (r) => this.imports.create(r.actor, r.options, r.content),
    'imports.get': (r) => this.imports.get(r.actor, r.id),

    'audit.list': async (r) => {
      requirePermission(r.actor, 'audit.read', 'read the audit log');
      const schema = this.config.DB_SCHEMA;
      // A scoped reader sees the entries of their areas only (user entries have no area).
      const areaCodes = r.areaCode ? await areaFilter(this.ds, schema, r.actor, r.areaCode) : await scopedAreaCodes(this.ds, schema, r.actor);
      return readAudit(this.ds, schema, { ...r, areaCodes });
    },

    'devices.resolve-frigate': (r) => this.register.resolveFrigateCamera(r.gatewayId, r.frigateCamera),

    'areas.districts': async () => ({
      items: [...(await readAreaDistricts(this.ds, this.config.DB_SCHEMA))].map(([code, district]) => ({ code, district })),
    }),
    'targets.locate': (r) => this.register.locate(r.targetType, r.targetId),

    'register.devices': async (r) => ({ items: (await readDevices(this.ds, this.config.DB_SCHEMA, { afterId: r.afterId, limit: r.limit })).items }),
    'register.areas': async (r) => ({ items: await readAreas(this.ds, this.config.DB_SCHEMA, { afterCode: r.afterCode, limit: r.limit }) }),

    'export.areas': async (r) => ({ items: await this.register.listAreas(r.actor) }),
  };

  onApplicationBootstrap(): void {
    const subjects = natsSubjects(this.config.NATS_PREFIX);
    // A change is announced as soon as it is committed (the publisher's timer is the safety net).
    const announcing = async (run: () => Promise<unknown>) => {
      try {
        return await run();
      } finally {
        this.events.flush();
      }
    };
    this.subscriptions.push(...serveOperations(this.nc, subjects.registryOperation, 'registry', REGISTRY_OPERATIONS, this.handlers, this.logger, announcing));
  }

  onApplicationShutdown(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }
}
