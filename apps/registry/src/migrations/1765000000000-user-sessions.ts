import type { MigrationInterface, QueryRunner } from 'typeorm';

const schemaOf = (q: QueryRunner) => `"${(q.connection.options as { schema?: string }).schema ?? 'registry'}"`;

/**
 * Sessions (refresh-token families, decision 0018): one row per login, holding the one
 * refresh token of the family that may still be used. A refresh rotates it; presenting
 * an older one ends the session.
 */
export class UserSessions1765000000000 implements MigrationInterface {
  name = 'UserSessions1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE ${s}.user_sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES ${s}.users (id) ON DELETE CASCADE,
        refresh_id uuid NOT NULL,
        refreshes integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        refreshed_at timestamptz,
        ended_at timestamptz,
        end_reason text
      )`);
    await q.query(`CREATE INDEX user_sessions_open_idx ON ${s}.user_sessions (user_id) WHERE ended_at IS NULL`);
    await q.query(`CREATE INDEX user_sessions_created_idx ON ${s}.user_sessions (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${schemaOf(q)}.user_sessions`);
  }
}
