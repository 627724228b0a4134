// Users, their role and area scope, and the checks behind logging in. Passwords are kept
// as argon2id hashes; tokens are issued by apps/api from what this service answers.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Counter } from 'prom-client';
import argon2 from 'argon2';
import type { EntityManager } from 'typeorm';
import { decideRefresh, decideUserChange, decideUserCreate, lockedOutMessage, managesUser, signInGate, type DistrictOf, type UserAdminDecision } from '@ioc/access';
import type { Actor, AreaScope, SessionUser, User, UserPatch, UserInput } from '@ioc/contracts';
import { errorMessage, JsonLogger, Metrics, requirePermission, ServiceError } from '@ioc/platform';
import type { RegistryConfig } from '../registry.config';
import { REGISTRY_CONFIG, REGISTRY_LOGGER } from '../registry.tokens';
import { AuditRepository } from '../register/audit.repository';
import { AreaRepository } from '../register/area.repository';
import { SignInThrottleStore } from './sign-in-throttle.store';
import { UserRepository, type UserRow } from './user.repository';

const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  scope: r.scope,
  disabled: r.disabled,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const BAD_LOGIN = 'wrong username or password';
/** User ids are UUIDs; anything else is no user (answered before any SQL). */
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

@Injectable()
export class UsersService implements OnApplicationShutdown {
  /** Verified against when the username is unknown, so both cases take as long. */
  private readonly decoyHash = hashPassword(randomUUID());

  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditRepository,
    private readonly areas: AreaRepository,
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
    @Inject(REGISTRY_LOGGER) private readonly logger: JsonLogger,
    metrics: Metrics,
  ) {
    this.throttle = new SignInThrottleStore(config, logger);
    this.signIns = metrics.counter('ioc_registry_sign_ins_total', 'Sign-ins, by outcome: ok, wrong (password or username), disabled, locked', ['outcome']);
  }

  private readonly signIns: Counter<'outcome'>;
  private readonly throttle: SignInThrottleStore;

  async onApplicationShutdown(): Promise<void> {
    await this.throttle.close();
  }

  /**
   * Checks a sign-in, throttled per username and per client address (decision 0019): a
   * locked username or address is refused before its password is looked at.
   */
  async login(username: string, password: string, address: string): Promise<SessionUser> {
    const now = Date.now();
    const throttled = <T>(work: Promise<T>): Promise<T> =>
      work.catch((err: unknown) => {
        throw new ServiceError('unavailable', `sign-in is unavailable while its throttle store (Redis) cannot be reached: ${errorMessage(err)}`);
      });
    const gate = signInGate(await throttled(this.throttle.locks(username, address)), now);
    if (!gate.ok) {
      this.signIns.inc({ outcome: 'locked' });
      throw new ServiceError('too_many_requests', lockedOutMessage(gate, gate.who === 'user' ? username : address));
    }
    const row = await this.users.find('username', username);
    const ok = await argon2.verify(row?.password_hash ?? (await this.decoyHash), password);
    if (!row || !ok) {
      this.signIns.inc({ outcome: 'wrong' });
      const locks = await throttled(this.throttle.fail(username, address, now));
      if (locks.userUntil || locks.addressUntil) {
        this.logger.event('warn', 'sign-in locked after too many failures', { username, address, userUntil: locks.userUntil, addressUntil: locks.addressUntil });
      }
      throw new ServiceError('unauthorized', BAD_LOGIN);
    }
    if (row.disabled) {
      this.signIns.inc({ outcome: 'disabled' });
      throw new ServiceError('unauthorized', `account ${username} is disabled; ask an administrator`);
    }
    await throttled(this.throttle.succeed(username));
    this.signIns.inc({ outcome: 'ok' });
    return { user: toUser(row), tokenVersion: row.token_version, ...(await this.users.openSession(row.id)) };
  }

  /** Clears a user's sign-in lockout (an admin, within their scope); recorded in the audit log. */
  async unlock(actor: Actor, id: string): Promise<User> {
    requirePermission(actor, 'users.manage', 'manage users');
    const row = USER_ID.test(id) ? await this.users.find('id', id) : undefined;
    if (!row) throw new ServiceError('not_found', `no user ${id}`);
    const user = toUser(row);
    UsersService.enforce(decideUserChange(actor, user, {}, await this.districtLookup()), id);
    const until = await this.throttle.clear(row.username);
    await this.users.transaction((em) =>
      this.audit.record(em, actor, [
        {
          action: 'user.unlock',
          entityType: 'user',
          entityId: id,
          areaCode: null,
          before: { username: row.username, signInLockedUntil: until === undefined ? null : new Date(until).toISOString() },
          after: { username: row.username, signInLockedUntil: null },
        },
      ]),
    );
    return { ...user, signInLockedUntil: null };
  }

  /**
   * A refresh: spends the session's refresh token and hands out the next (decision 0018).
   * A token already spent ends the whole session and is recorded in the audit log.
   */
  async session(req: { userId: string; tokenVersion: number; sessionId: string; refreshId: string }): Promise<SessionUser> {
    const ended = 'the session has ended (logged out, disabled or changed): log in again';
    const outcome = await this.users.transaction(async (em): Promise<{ ok: false; error: string } | { ok: true; session: SessionUser }> => {
      const stored = await this.users.lockSession(em, req.sessionId);
      const verdict = decideRefresh(stored && { userId: stored.user_id, refreshId: stored.refresh_id, ended: stored.ended_at !== null }, req);
      if (verdict.kind === 'refuse') return { ok: false, error: ended };
      const row = await this.users.find('id', req.userId, em);
      if (verdict.kind === 'reuse') {
        await this.users.endSession(em, req.sessionId, 'refresh token reused');
        const who = { userId: req.userId, username: row?.username ?? req.userId, role: row?.role ?? 'operator', scope: row?.scope ?? { all: false, areas: [], districts: [] } };
        await this.audit.record(em, who, [
          { action: 'user.session.reuse', entityType: 'user', entityId: req.userId, areaCode: null, before: { username: who.username, sessionId: req.sessionId }, after: { username: who.username, sessionId: req.sessionId, ended: true } },
        ]);
        return { ok: false, error: 'this refresh token has already been used, so the session it belongs to has been ended (a copy of it may be in other hands): log in again' };
      }
      if (!row || row.disabled || row.token_version !== req.tokenVersion) {
        await this.users.endSession(em, req.sessionId, 'rights changed');
        return { ok: false, error: ended };
      }
      return { ok: true, session: { user: toUser(row), tokenVersion: row.token_version, sessionId: req.sessionId, refreshId: await this.users.rotateSession(em, req.sessionId) } };
    });
    // Thrown after the transaction, so that ending the session commits.
    if (!outcome.ok) throw new ServiceError('unauthorized', outcome.error);
    return outcome.session;
  }

  async logout(actor: Actor): Promise<void> {
    await this.users.endSessions(actor.userId, 'logged out');
  }

  /** The users the admin manages: those whose scope lies inside the admin's, and themselves. */
  async list(actor: Actor): Promise<User[]> {
    requirePermission(actor, 'users.manage', 'manage users');
    const districtOf = await this.districtLookup();
    const users = (await this.users.list()).map(toUser).filter((u) => managesUser(actor, u, districtOf));
    const locked = await this.throttle.lockedUntil(users.map((u) => u.username)).catch((err: unknown) => {
      // The list still answers without Redis; the lockouts are then not shown.
      this.logger.event('warn', 'cannot read sign-in lockouts', { error: errorMessage(err) });
      return new Map<string, number>();
    });
    const now = Date.now();
    return users.map((u) => {
      const until = locked.get(u.username);
      return until !== undefined && until > now ? { ...u, signInLockedUntil: new Date(until).toISOString() } : u;
    });
  }

  private async districtLookup(): Promise<DistrictOf> {
    const districts = await this.areas.districts();
    return (code) => districts.get(code);
  }

  /** An admin acts only within their scope: throws the decision's refusal. */
  private static enforce(decision: UserAdminDecision, id?: string): void {
    if (decision.ok) return;
    if (decision.code === 'not_found') throw new ServiceError('not_found', `no user ${id ?? ''}`.trim());
    throw new ServiceError(decision.code, decision.refusals.map((r) => r.message).join('; '), decision.refusals);
  }

  /** A scope naming areas or districts that do not exist would silently grant nothing. */
  private async checkScope(scope: AreaScope): Promise<void> {
    if (scope.all) return;
    const districts = await this.areas.districts();
    const known = new Set(districts.values());
    const issues = [
      ...scope.areas.filter((a) => !districts.has(a)).map((a) => ({ path: 'scope.areas', message: `no key area ${a}` })),
      ...scope.districts.filter((d) => !known.has(d)).map((d) => ({ path: 'scope.districts', message: `no key area lies in a district named "${d}"` })),
    ];
    if (issues.length > 0) throw new ServiceError('invalid', issues.map((i) => i.message).join('; '), issues);
  }

  async create(actor: Actor, input: UserInput): Promise<User> {
    requirePermission(actor, 'users.manage', 'manage users');
    // Scope first: an area of another district is refused like a missing one, so a scoped admin learns nothing of it.
    UsersService.enforce(decideUserCreate(actor, input, await this.districtLookup()));
    await this.checkScope(input.scope);
    const id = randomUUID();
    const hash = await hashPassword(input.password);
    return this.users.transaction(async (em) => {
      try {
        await this.users.insert(em, { id, username: input.username, displayName: input.displayName, passwordHash: hash, role: input.role, scope: input.scope });
      } catch (e) {
        if ((e as { code?: string }).code === '23505') {
          throw new ServiceError('conflict', `a user ${input.username} already exists`, [{ path: 'username', message: 'already exists' }]);
        }
        throw e;
      }
      const created = toUser(await this.mustRow(em, id));
      await this.audit.record(em, actor, [{ action: 'user.create', entityType: 'user', entityId: id, areaCode: null, before: null, after: created }]);
      return created;
    });
  }

  async update(actor: Actor, id: string, patch: UserPatch): Promise<User> {
    requirePermission(actor, 'users.manage', 'manage users');
    const hash = patch.password ? await hashPassword(patch.password) : null;
    return this.users.transaction(async (em) => {
      const before = toUser(await this.mustRow(em, id));
      UsersService.enforce(decideUserChange(actor, before, patch, await this.districtLookup()), id);
      if (patch.scope) await this.checkScope(patch.scope);
      // Any change to what a user may do ends their sessions (refresh tokens of the old generation).
      await this.users.update(em, id, {
        displayName: patch.displayName ?? null,
        passwordHash: hash,
        role: patch.role ?? null,
        scope: patch.scope ?? null,
        disabled: patch.disabled ?? null,
      });
      const after = toUser(await this.mustRow(em, id));
      const audited = patch.password ? { ...after, password: 'changed' } : after;
      await this.audit.record(em, actor, [{ action: 'user.update', entityType: 'user', entityId: id, areaCode: null, before, after: audited }]);
      return after;
    });
  }

  private async mustRow(em: EntityManager, id: string): Promise<UserRow> {
    const row = USER_ID.test(id) ? await this.users.find('id', id, em) : undefined;
    if (!row) throw new ServiceError('not_found', `no user ${id}`);
    return row;
  }
}
