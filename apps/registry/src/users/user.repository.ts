// The users' SQL: accounts with their role, area scope, argon2id password hash and token
// generation (`token_version`: raising it ends every session of the user), and their
// sessions (refresh-token families, decision 0018).
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AreaScope, Role } from '@ioc/contracts';
import { SchemaRepository } from '@ioc/platform';

type Db = DataSource | EntityManager;

export interface UserRow {
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

export interface SessionRow {
  id: string;
  user_id: string;
  refresh_id: string;
  ended_at: Date | null;
}

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  scope: AreaScope;
}

/** Fields left null stay as they are. */
export interface UserChange {
  displayName: string | null;
  passwordHash: string | null;
  role: Role | null;
  scope: AreaScope | null;
  disabled: boolean | null;
}

export class UserRepository extends SchemaRepository {

  async find(by: 'id' | 'username', value: string, db: Db = this.ds): Promise<UserRow | undefined> {
    const rows: UserRow[] = await db.query(`SELECT * FROM ${this.s}.users WHERE ${by} = $1`, [value]);
    return rows[0];
  }

  list(): Promise<UserRow[]> {
    return this.ds.query(`SELECT * FROM ${this.s}.users ORDER BY username`);
  }

  /** Ends every session of the user: a new generation, and every open session row closed. */
  async endSessions(id: string, reason: string, db: Db = this.ds): Promise<void> {
    await db.query(`UPDATE ${this.s}.users SET token_version = token_version + 1 WHERE id = $1`, [id]);
    await this.closeSessions(db, id, reason);
  }

  private async closeSessions(db: Db, userId: string, reason: string): Promise<void> {
    await db.query(`UPDATE ${this.s}.user_sessions SET ended_at = now(), end_reason = $2 WHERE user_id = $1 AND ended_at IS NULL`, [userId, reason]);
  }

  /** Opens a session (a login): its id and its first refresh token's id. */
  async openSession(userId: string): Promise<{ sessionId: string; refreshId: string }> {
    const session = { sessionId: randomUUID(), refreshId: randomUUID() };
    await this.ds.query(`INSERT INTO ${this.s}.user_sessions (id, user_id, refresh_id) VALUES ($1, $2, $3)`, [session.sessionId, userId, session.refreshId]);
    return session;
  }

  /** The session, locked until the transaction ends (two refreshes of one token are decided one after the other). */
  async lockSession(em: EntityManager, id: string): Promise<SessionRow | undefined> {
    const rows: SessionRow[] = await em.query(`SELECT id, user_id, refresh_id, ended_at FROM ${this.s}.user_sessions WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  /** Spends the session's refresh token: the id of the next one. */
  async rotateSession(em: EntityManager, id: string): Promise<string> {
    const next = randomUUID();
    await em.query(`UPDATE ${this.s}.user_sessions SET refresh_id = $2, refreshes = refreshes + 1, refreshed_at = now() WHERE id = $1`, [id, next]);
    return next;
  }

  async endSession(em: EntityManager, id: string, reason: string): Promise<void> {
    await em.query(`UPDATE ${this.s}.user_sessions SET ended_at = now(), end_reason = $2 WHERE id = $1 AND ended_at IS NULL`, [id, reason]);
  }

  /** Fails with Postgres' unique violation (23505) if the username is taken. */
  async insert(em: EntityManager, u: NewUser): Promise<void> {
    await em.query(`INSERT INTO ${this.s}.users (id, username, display_name, password_hash, role, scope) VALUES ($1, $2, $3, $4, $5, $6)`, [
      u.id,
      u.username,
      u.displayName,
      u.passwordHash,
      u.role,
      JSON.stringify(u.scope),
    ]);
  }

  /** Any change to what a user may do (password, role, scope, disabled) ends their sessions. */
  async update(em: EntityManager, id: string, c: UserChange): Promise<void> {
    await em.query(
      `UPDATE ${this.s}.users SET display_name = COALESCE($2, display_name), password_hash = COALESCE($3, password_hash),
          role = COALESCE($4, role), scope = COALESCE($5::jsonb, scope), disabled = COALESCE($6, disabled),
          token_version = token_version + CASE WHEN $3::text IS NULL AND $4::text IS NULL AND $5::text IS NULL AND $6::boolean IS NULL THEN 0 ELSE 1 END,
          updated_at = now()
       WHERE id = $1`,
      [id, c.displayName, c.passwordHash, c.role, c.scope ? JSON.stringify(c.scope) : null, c.disabled],
    );
    if (c.passwordHash !== null || c.role !== null || c.scope !== null || c.disabled !== null) await this.closeSessions(em, id, 'rights changed');
  }

  /** Creates or replaces a user by username (the seed); a replaced user's sessions end. */
  async upsert(db: Db, u: Omit<NewUser, 'id'>): Promise<void> {
    await db.query(
      `INSERT INTO ${this.s}.users (id, username, display_name, password_hash, role, scope) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, password_hash = EXCLUDED.password_hash,
         role = EXCLUDED.role, scope = EXCLUDED.scope, disabled = false, token_version = users.token_version + 1, updated_at = now()`,
      [randomUUID(), u.username, u.displayName, u.passwordHash, u.role, JSON.stringify(u.scope)],
    );
  }
}
