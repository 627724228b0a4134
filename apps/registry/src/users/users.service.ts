// Users, their role and area scope, and the checks behind logging in. Passwords are kept
// as argon2id hashes; tokens are issued by apps/api from what this service answers.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import type { EntityManager } from 'typeorm';
import { decideUserChange, decideUserCreate, managesUser, type DistrictOf, type UserAdminDecision } from '@ioc/access';
import type { Actor, AreaScope, SessionUser, User, UserPatch, UserInput } from '@ioc/contracts';
import { requirePermission, ServiceError } from '@ioc/platform';
import { AuditRepository } from '../register/audit.repository';
import { AreaRepository } from '../register/area.repository';
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

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

@Injectable()
export class UsersService {
  /** Verified against when the username is unknown, so both cases take as long. */
  private readonly decoyHash = hashPassword(randomUUID());

  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditRepository,
    private readonly areas: AreaRepository,
  ) {}

  async login(username: string, password: string): Promise<SessionUser> {
    const row = await this.users.find('username', username);
    const ok = await argon2.verify(row?.password_hash ?? (await this.decoyHash), password);
    if (!row || !ok) throw new ServiceError('unauthorized', BAD_LOGIN);
    if (row.disabled) throw new ServiceError('unauthorized', `account ${username} is disabled; ask an administrator`);
    return { user: toUser(row), tokenVersion: row.token_version };
  }

  /** The user behind a refresh token, if it is still valid. */
  async session(userId: string, tokenVersion: number): Promise<SessionUser> {
    const row = await this.users.find('id', userId);
    if (!row || row.disabled || row.token_version !== tokenVersion) {
      throw new ServiceError('unauthorized', 'the session has ended (logged out, disabled or changed): log in again');
    }
    return { user: toUser(row), tokenVersion: row.token_version };
  }

  async logout(actor: Actor): Promise<void> {
    await this.users.endSessions(actor.userId);
  }

  /** The users the admin manages: those whose scope lies inside the admin's, and themselves. */
  async list(actor: Actor): Promise<User[]> {
    requirePermission(actor, 'users.manage', 'manage users');
    const districtOf = await this.districtLookup();
    return (await this.users.list()).map(toUser).filter((u) => managesUser(actor, u, districtOf));
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
    const row = await this.users.find('id', id, em);
    if (!row) throw new ServiceError('not_found', `no user ${id}`);
    return row;
  }
}
