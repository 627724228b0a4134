// The users' SQL: accounts with their role, area scope, argon2id password hash and token
// generation (`token_version`: raising it ends every session of the user).
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AreaScope, Role } from '@ioc/contracts';

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

export class UserRepository {
  private readonly s: string;

  constructor(
    private readonly ds: DataSource,
    schema: string,
  ) {
    this.s = `"${schema}"`;
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async find(by: 'id' | 'username', value: string, db: Db = this.ds): Promise<UserRow | undefined> {
    const rows: UserRow[] = await db.query(`SELECT * FROM ${this.s}.users WHERE ${by} = $1`, [value]);
    return rows[0];
  }

  list(): Promise<UserRow[]> {
    return this.ds.query(`SELECT * FROM ${this.s}.users ORDER BY username`);
  }

  /** Ends every session of the user. */
  async endSessions(id: string): Promise<void> {
    await this.ds.query(`UPDATE ${this.s}.users SET token_version = token_version + 1 WHERE id = $1`, [id]);
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
