// The conditions aggregate's SQL: one row per dedup key holding the @ioc/incidents
// condition state (debounce, standing, the incident it opened), flagged `waiting` when
// only time can change it, so a tick reads just those.
import { awaitingTick, type ConditionState } from '@ioc/incidents';
import { SchemaRepository, type SqlStatement } from '@ioc/platform';

export class ConditionRepository extends SchemaRepository {
  /** Every key with a condition, and where it rests (read when partitions are taken). */
  keys(): Promise<{ key: string; standing: boolean; raised: boolean | null; parts: string[] | null }[]> {
    return this.ds.query(`SELECT key, standing, (state->>'raised')::boolean AS raised, state->'parts' AS parts FROM ${this.s}.conditions`);
  }

  /** The conditions of one device (its keys are `device:<id>:<type>`). */
  async ofDevice(deviceId: string): Promise<ConditionState[]> {
    const rows: { state: ConditionState }[] = await this.ds.query(`SELECT state FROM ${this.s}.conditions WHERE key LIKE $1`, [
      `device:${deviceId.replace(/[\\%_]/g, (c) => `\\${c}`)}:%`,
    ]);
    return rows.map((r) => r.state);
  }

  async byKeys(keys: string[]): Promise<Map<string, ConditionState>> {
    const rows: { state: ConditionState }[] = keys.length ? await this.ds.query(`SELECT state FROM ${this.s}.conditions WHERE key = ANY($1)`, [keys]) : [];
    return new Map(rows.map((r) => [r.state.key, r.state]));
  }

  /** Conditions waiting for time to pass (debounce, a window's end, the gateway's return). */
  async waiting(): Promise<Map<string, ConditionState>> {
    const rows: { state: ConditionState }[] = await this.ds.query(`SELECT state FROM ${this.s}.conditions WHERE waiting`);
    return new Map(rows.map((r) => [r.state.key, r.state]));
  }

  /** Upserts conditions in one statement. */
  save(conditions: ConditionState[]): SqlStatement | undefined {
    if (conditions.length === 0) return undefined;
    return {
      sql: `INSERT INTO ${this.s}.conditions (key, standing, waiting, state, updated_at)
       SELECT u.key, u.standing, u.waiting, u.state, now() FROM unnest($1::text[], $2::boolean[], $3::boolean[], $4::jsonb[]) AS u(key, standing, waiting, state)
       ON CONFLICT (key) DO UPDATE SET standing = EXCLUDED.standing, waiting = EXCLUDED.waiting, state = EXCLUDED.state, updated_at = now()`,
      params: [conditions.map((c) => c.key), conditions.map((c) => c.standing), conditions.map((c) => awaitingTick(c)), conditions.map((c) => JSON.stringify(c))],
    };
  }
}
