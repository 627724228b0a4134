// The registry's request/reply operations (`{prefix}.registry.v1.<operation>`): what apps/api
// forwards for each REST route. Requests name the acting user (`actor`); the registry checks
// permission and area scope itself, so no door into the register can skip the check.
import { z } from 'zod';
import { bigintId, defineContract, identifier, requiredString, rfc3339, text, uuid } from '../contract';
import { DEVICE_STATUSES } from '../nats/messages.contract';
import { Actor, LoginInput, SessionUserV1, UserInput, UserPatch, UserV1 } from '../auth/access.contract';
import {
  CheckpointInput,
  CheckpointPatch,
  CheckpointV1,
  DecommissionInput,
  DEVICE_KINDS,
  DeviceInput,
  DevicePatch,
  DeviceV1,
  GatewayCredentialsV1,
  GatewayInput,
  GatewayRegisteredV1,
  GatewayV1,
  KeyAreaInput,
  KeyAreaPatch,
  KeyAreaV1,
} from './register.contract';
import { IMPORT_ISSUES_PAGE_MAX, ImportIssuesPageV1, ImportJobV1, ImportRequestOptions } from './import.contract';

const acting = { actor: Actor };
const page = {
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).max(1_000_000, 'must be ≤ 1000000').default(0),
};

export const AuditEntryV1 = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string(),
  actorUsername: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  areaCode: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntryV1>;

/**
 * One stored change of a device's status (DESIGN.md §4: availability is computed from
 * these), as the device page lists them; `reason` is the registry's sentence (English).
 */
export const DeviceTransitionV1 = z.object({
  id: z.string(),
  deviceId: z.string(),
  from: z.enum(DEVICE_STATUSES),
  to: z.enum(DEVICE_STATUSES),
  reason: z.string(),
  at: z.string(),
});
export type DeviceTransition = z.infer<typeof DeviceTransitionV1>;

/**
 * A committed change to the register, published on `{prefix}.state.register.v1.{areaCode}`
 * (JetStream, state stream) from the audit log; `after` is the record as it now is
 * (Device, Gateway, KeyArea or Checkpoint), null when it was removed.
 */
export const RegisterChangedV1 = defineContract(
  'register.changed',
  1,
  z.object({
    changeId: z.string(),
    at: z.string(),
    action: z.string(),
    entityType: z.enum(['key_area', 'checkpoint', 'gateway', 'device', 'import']),
    entityId: z.string(),
    areaCode: z.string().nullable(),
    after: z.unknown().nullable(),
  }),
);
export type RegisterChanged = z.infer<typeof RegisterChangedV1.schema>;

export const AUDIT_ENTITY_TYPES = ['key_area', 'checkpoint', 'gateway', 'device', 'user', 'import'] as const;

const op = <Req extends z.ZodType, Rep extends z.ZodType>(request: Req, reply: Rep) => ({ request, reply });

export const REGISTRY_OPERATIONS = {
  /** `address`: the client's, for sign-in throttling per address (decision 0019). */
  'auth.login': op(LoginInput.extend({ address: text(100).default('unknown') }), SessionUserV1),
  /**
   * A refresh: the user as now, if still enabled and the token's generation is current,
   * with the session's next refresh token. A token already spent ends the session (decision 0018).
   */
  'auth.session': op(
    z.object({ userId: requiredString(64), tokenVersion: z.number().int().min(0).max(2_147_483_647), sessionId: z.string().uuid(), refreshId: z.string().uuid() }),
    SessionUserV1,
  ),
  /** Ends every session of the actor (refresh tokens of older generations are refused). */
  'auth.logout': op(z.object({ actor: Actor.extend({ userId: uuid('user id') }) }), z.object({ ok: z.literal(true) })),
  'users.list': op(z.object(acting), z.object({ items: z.array(UserV1) })),
  'users.create': op(z.object({ ...acting, user: UserInput }), UserV1),
  'users.update': op(z.object({ ...acting, id: uuid('user id'), patch: UserPatch }), UserV1),
  /** Clears the user's sign-in lockout and failure count (decision 0019); audited. */
  'users.unlock': op(z.object({ ...acting, id: uuid('user id') }), UserV1),

  'areas.list': op(z.object({ ...acting, district: text(100).optional() }), z.object({ items: z.array(KeyAreaV1) })),
  'areas.get': op(z.object({ ...acting, code: identifier() }), KeyAreaV1),
  'areas.create': op(z.object({ ...acting, area: KeyAreaInput }), KeyAreaV1),
  'areas.update': op(z.object({ ...acting, code: identifier(), patch: KeyAreaPatch }), KeyAreaV1),
  'checkpoints.create': op(z.object({ ...acting, areaCode: identifier(), checkpoint: CheckpointInput }), CheckpointV1),
  'checkpoints.update': op(z.object({ ...acting, areaCode: identifier(), id: identifier(), patch: CheckpointPatch }), CheckpointV1),
  'checkpoints.delete': op(z.object({ ...acting, areaCode: identifier(), id: identifier() }), z.object({ ok: z.literal(true) })),

  'gateways.list': op(
    z.object({ ...acting, areaCode: identifier().optional(), ...page }),
    z.object({ items: z.array(GatewayV1), total: z.number().int() }),
  ),
  'gateways.get': op(z.object({ ...acting, id: identifier() }), GatewayV1),
  'gateways.create': op(z.object({ ...acting, gateway: GatewayInput }), GatewayRegisteredV1),
  'gateways.rotate': op(z.object({ ...acting, id: identifier() }), GatewayCredentialsV1),
  'gateways.revoke': op(z.object({ ...acting, id: identifier() }), GatewayV1),

  'devices.list': op(
    z.object({
      ...acting,
      areaCode: identifier().optional(),
      gatewayId: identifier().optional(),
      status: z.enum(DEVICE_STATUSES).optional(),
      kind: z.enum(DEVICE_KINDS).optional(),
      ...page,
    }),
    z.object({ items: z.array(DeviceV1), total: z.number().int() }),
  ),
  'devices.get': op(z.object({ ...acting, id: identifier() }), DeviceV1),
  'devices.create': op(z.object({ ...acting, device: DeviceInput }), DeviceV1),
  'devices.update': op(z.object({ ...acting, id: identifier(), patch: DevicePatch }), DeviceV1),
  'devices.decommission': op(z.object({ ...acting, id: identifier(), body: DecommissionInput }), DeviceV1),
  /**
   * A device's status transitions, newest first, with `at` in [from, to); scoped like
   * devices.get. Page backwards by passing the oldest `at` seen as the next `to`.
   */
  'devices.transitions': op(
    z.object({ ...acting, id: identifier(), from: rfc3339().optional(), to: rfc3339().optional(), limit: z.number().int().min(1).max(1000).default(100) }),
    z.object({ items: z.array(DeviceTransitionV1) }),
  ),

  'imports.create': op(z.object({ ...acting, options: ImportRequestOptions, content: z.string() }), ImportJobV1),
  'imports.get': op(z.object({ ...acting, id: uuid('import id') }), ImportJobV1),
  /** An import's problems, a page at a time (the job carries only the first ones). */
  'imports.issues': op(
    z.object({ ...acting, id: uuid('import id'), offset: page.offset, limit: z.number().int().min(1).max(IMPORT_ISSUES_PAGE_MAX).default(100) }),
    ImportIssuesPageV1,
  ),

  'audit.list': op(
    z.object({
      ...acting,
      entityType: z.enum(AUDIT_ENTITY_TYPES).optional(),
      entityId: text(200).optional(),
      areaCode: identifier().optional(),
      actorUsername: text(64).optional(),
      /** Entries with an id below this one (paging backwards in time). */
      beforeId: bigintId().optional(),
      limit: page.limit,
    }),
    z.object({ items: z.array(AuditEntryV1), nextBeforeId: z.string().nullable() }),
  ),

  /**
   * Internal (ingest's adapters, no actor): the device a gateway's Frigate NVR calls
   * `frigateCamera` (devices' externalRefs.frigateCamera), or null.
   */
  'devices.resolve-frigate': op(
    z.object({ gatewayId: identifier(), frigateCamera: requiredString(100) }),
    z.object({ deviceId: z.string().nullable(), areaCode: z.string().nullable() }),
  ),

  /** Internal (services checking district scopes, no actor): every key area's code and district. */
  'areas.districts': op(z.object({}), z.object({ items: z.array(z.object({ code: z.string(), district: z.string() })) })),
  /** Internal (incident service: maintenance windows): where a device or gateway is. */
  'targets.locate': op(
    z.object({ targetType: z.enum(['device', 'gateway', 'area']), targetId: identifier() }),
    z.object({ areaCode: z.string().nullable(), gatewayId: z.string().nullable() }),
  ),

  /**
   * Internal (services that keep a copy of the register, no actor): the register in pages,
   * small enough for NATS's max_payload; page on with the last id or code.
   */
  'register.devices': op(z.object({ afterId: text(64).default(''), limit: z.number().int().min(1).max(500).default(500) }), z.object({ items: z.array(DeviceV1) })),
  'register.areas': op(z.object({ afterCode: text(64).default(''), limit: z.number().int().min(1).max(50).default(20) }), z.object({ items: z.array(KeyAreaV1) })),

  'export.areas': op(z.object({ ...acting }), z.object({ items: z.array(KeyAreaV1) })),
} as const;

export type RegistryOperation = keyof typeof REGISTRY_OPERATIONS;
export type RegistryRequest<O extends RegistryOperation> = z.input<(typeof REGISTRY_OPERATIONS)[O]['request']>;
export type RegistryReply<O extends RegistryOperation> = z.infer<(typeof REGISTRY_OPERATIONS)[O]['reply']>;

/** Error codes a service answers with; apps/api maps them to HTTP statuses. */
export const SERVICE_ERROR_CODES = ['invalid', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'too_many_requests', 'unavailable'] as const;
export type ServiceErrorCode = (typeof SERVICE_ERROR_CODES)[number];
