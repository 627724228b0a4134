// Users, their role and area scope, and the checks behind logging in. Passwords are kept
// as argon2id hashes; tokens are issued by apps/api from what this service answers.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import type { DataSource } from 'typeorm';
import type { Actor, AreaScope, Role, SessionUser, User, UserInput, UserPatch } from '@ioc/contracts';
import { requirePermission, ServiceError } from '@ioc/platform';
import { REGISTRY_DATA_SOURCE } from '../database';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';
import { recordAudit } from '../register/audit';
import { readAreaDistricts, type Db } from '../register/register.read';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  scope: AreaScope;
  disabled: boolean;
  token_version: number;
  created_at: Date;
  updated_at: Date;
}

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

/**
 * Creates or replaces a user, as the seed does (demo users, a first admin): not audited,
 * since no user acts; a replaced user's sessions end.
 */
export async function upsertUser(db: Db, schema: string, input: UserInput): Promise<void> {
  await db.query(
    `INSERT INTO "${schema}".users (id, username, display_name, password_hash, role, scope) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, password_hash = EXCLUDED.password_hash,
       role = EXCLUDED.role, scope = EXCLUDED.scope, disabled = false, token_version = users.token_version + 1, updated_at = now()`,
    [randomUUID(), input.username, input.displayName, await hashPassword(input.password), input.role, JSON.stringify(input.scope)],
  );
}

@Injectable()
export class UsersService {
  private readonly schema: string;
  /** Verified against when the username is unknown, so both cases take as long. */
  private readonly decoyHash = hashPassword(randomUUID());

  constructor(
    @Inject(REGISTRY_CONFIG) config: RegistryConfig,
    @Inject(REGISTRY_DATA_SOURCE) private readonly ds: DataSource,
  ) {
    this.schema = config.DB_SCHEMA;
  }

  private async row(db: Db, where: 'id' | 'username', value: string): Promise<UserRow | undefined> {
    const rows: UserRow[] = await db.query(`SELECT * FROM "${this.schema}".users WHERE ${where} = $1`, [value]);
    return rows[0];
  }

  async login(username: string, password: string): Promise<SessionUser> {
    const row = await this.row(this.ds, 'username', username);
    const ok = await argon2.verify(row?.password_hash ?? (await this.decoyHash), password);
    if (!row || !ok) throw new ServiceError('unauthorized', BAD_LOGIN);
    if (row.disabled) throw new ServiceError('unauthorized', `account ${username} is disabled; ask an administrator`);
    return { user: toUser(row), tokenVersion: row.token_version };
  }

  /** The user behind a refresh token, if it is still valid. */
  async session(userId: string, tokenVersion: number): Promise<SessionUser> {
    const row = await this.row(this.ds, 'id', userId);
    if (!row || row.disabled || row.token_version !== tokenVersion) {
      throw new ServiceError('unauthorized', 'the session has ended (logged out, disabled or changed): log in again');
    }
    return { user: toUser(row), tokenVersion: row.token_version };
  }

  async logout(actor: Actor): Promise<void> {
    await this.ds.query(`UPDATE "${this.schema}".users SET token_version = token_version + 1 WHERE id = $1`, [actor.userId]);
  }

  async list(actor: Actor): Promise<User[]> {
    requirePermission(actor, 'users.manage', 'manage users');
    const rows: UserRow[] = await this.ds.query(`SELECT * FROM "${this.schema}".users ORDER BY username`);
    return rows.map(toUser);
  }

  /** A scope naming areas or districts that do not exist would silently grant nothing. */
  private async checkScope(scope: AreaScope): Promise<void> {
    if (scope.all) return;
    const districts = await readAreaDistricts(this.ds, this.schema);
    const known = new Set(districts.values());
    const issues = [
      ...scope.areas.filter((a) => !districts.has(a)).map((a) => ({ path: 'scope.areas', message: `no key area ${a}` })),
      ...scope.districts.filter((d) => !known.has(d)).map((d) => ({ path: 'scope.districts', message: `no key area lies in a district named "${d}"` })),
    ];
    if (issues.length > 0) throw new ServiceError('invalid', issues.map((i) => i.message).join('; '), issues);
  }

  async create(actor: Actor, input: UserInput): Promise<User> {
    requirePermission(actor, 'users.manage', 'manage users');
    await this.checkScope(input.scope);
    const id = randomUUID();
    const hash = await hashPassword(input.password);
    return this.ds.transaction(async (em) => {
      try {
        await em.query(
          `INSERT INTO "${this.schema}".users (id, username, display_name, password_hash, role, scope) VALUES ($1, $2, $3, $4, $5, $6)`,
          [id, input.username, input.displayName, hash, input.role, JSON.stringify(input.scope)],
        );
      } catch (e) {
        if ((e as { code?: string }).code === '23505') {
          throw new ServiceError('conflict', `a user ${input.username} already exists`, [{ path: 'username', message: 'already exists' }]);
        }
        throw e;
      }
      const created = toUser(await this.mustRow(em, id));
      await recordAudit(em, this.schema, actor, [{ action: 'user.create', entityType: 'user', entityId: id, areaCode: null, before: null, after: created }]);
      return created;
    });
  }

  async update(actor: Actor, id: string, patch: UserPatch): Promise<User> {
    requirePermission(actor, 'users.manage', 'manage users');
    if (patch.scope) await this.checkScope(patch.scope);
    const hash = patch.password ? await hashPassword(patch.password) : null;
    return this.ds.transaction(async (em) => {
      const before = toUser(await this.mustRow(em, id));
      if (id === actor.userId && (patch.disabled === true || (patch.role && patch.role !== 'admin'))) {
        throw new ServiceError('conflict', 'you cannot disable yourself or take away your own admin role');
      }
      // Any change to what a user may do ends their sessions (refresh tokens of the old generation).
      await em.query(
        `UPDATE "${this.schema}".users SET display_name = COALESCE($2, display_name), password_hash = COALESCE($3, password_hash),
            role = COALESCE($4, role), scope = COALESCE($5::jsonb, scope), disabled = COALESCE($6, disabled),
            token_version = token_version + CASE WHEN $3::text IS NULL AND $4::text IS NULL AND $5::text IS NULL AND $6::boolean IS NULL THEN 0 ELSE 1 END,
            updated_at = now()
         WHERE id = $1`,
        [id, patch.displayName ?? null, hash, patch.role ?? null, patch.scope ? JSON.stringify(patch.scope) : null, patch.disabled ?? null],
      );
      const after = toUser(await this.mustRow(em, id));
      const audited = patch.password ? { ...after, password: 'changed' } : after;
      await recordAudit(em, this.schema, actor, [{ action: 'user.update', entityType: 'user', entityId: id, areaCode: null, before, after: audited }]);
      return after;
    });
  }

  private async mustRow(db: Db, id: string): Promise<UserRow> {
    const row = await this.row(db, 'id', id);
    if (!row) throw new ServiceError('not_found', `no user ${id}`);
    return row;
  }
}
