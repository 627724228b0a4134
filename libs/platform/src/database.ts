// Each service owns one Postgres schema, changed only by its TypeORM migrations
// (synchronize is never on). Queries are SQL through the DataSource (PostGIS, batched
// unnest writes): no entity classes.
import { DataSource, type EntityManager, type MigrationInterface } from 'typeorm';
import { z } from 'zod';
import { databaseEnv, loadConfig } from './config';
import { JsonLogger } from './logger';

export interface ServiceDatabase {
  /** The service's name, for the migrations table and Postgres's application_name. */
  service: string;
  migrations: (new () => MigrationInterface)[];
}

export function serviceDataSource(db: ServiceDatabase, url: string, schema: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    schema,
    migrations: db.migrations,
    migrationsTableName: `${db.service}_migrations`,
    synchronize: false,
    // `min`: a few connections are kept when idle (pg-pool closes the others after 10 s). A
    // service that went quiet on the database (the incident service through a heartbeat
    // backlog) otherwise opened new connections for the alarms that followed.
    extra: { max: 10, min: 4, application_name: `ioc-${db.service}` },
  });
}

/**
 * Creates the schema if needed and applies pending migrations; returns their names. Copies
 * starting together (two pods' init containers) migrate one after the other: a session-level
 * advisory lock per schema is held meanwhile, so the second finds the schema up to date.
 */
export async function migrateServiceSchema(db: ServiceDatabase, url: string, schema: string): Promise<string[]> {
  const ds = serviceDataSource(db, url, schema);
  await ds.initialize();
  const lock = ds.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`ioc-migrate:${schema}`]);
    await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    // Ending the session releases the lock, whatever happened.
    await lock.release();
    await ds.destroy();
  }
}

/** Body of a service's `migrate.js`: migrates DB_SCHEMA (default: the service's name) and logs what it applied. */
export async function migrateFromEnvironment(db: ServiceDatabase): Promise<void> {
  const config = loadConfig(z.object(databaseEnv(db.service)));
  const applied = await migrateServiceSchema(db, config.DATABASE_URL, config.DB_SCHEMA);
  new JsonLogger(`${db.service}-migrate`).event('info', applied.length ? 'migrations applied' : 'schema up to date', { schema: config.DB_SCHEMA, applied });
}

/** Health check of a service's Postgres connection. */
export const postgresHealthCheck = (ds: DataSource) => async () => {
  await ds.query('SELECT 1');
};

/** Where a repository's SQL runs: the service's DataSource, or a transaction's EntityManager. */
export type Db = DataSource | EntityManager;

/**
 * A repository of one service's schema: where its SQL runs, the schema's quoted name
 * (`${this.s}.table`), and one transaction whose EntityManager the repositories' writes take
 * (a repository built on that EntityManager joins it).
 */
export abstract class SchemaRepository {
  protected readonly s: string;

  constructor(
    protected readonly ds: Db,
    protected readonly schema: string,
  ) {
    this.s = `"${schema}"`;
  }

  /** Runs `work` in one transaction; the repositories' writes take its EntityManager. */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /**
   * Writes the statements as one (`oneStatement`); nothing when there are none. With
   * `select`, returns its rows (what named parts returned).
   */
  async writeAll<R = unknown>(statements: (SqlStatement | undefined)[], select?: string): Promise<R[]> {
    const statement = oneStatement(statements, select);
    if (!statement) return [];
    const rows: unknown = await this.ds.query(statement.sql, statement.params);
    return select && Array.isArray(rows) ? (rows as R[]) : [];
  }
}

/** One SQL statement: its text numbers its parameters from $1. */
export interface SqlStatement {
  sql: string;
  params: unknown[];
  /** Its name as a `WITH` part (oneStatement), by which other parts read the rows it returns. */
  name?: string;
}

/**
 * Data-modifying statements (INSERT, UPDATE, DELETE) as one: each a `WITH` part of a single
 * statement, so they cost one round trip and commit together without a transaction around
 * them (a statement is atomic; foreign keys are checked at its end, so a part may insert
 * rows that refer to another part's). The parts see the same snapshot: none may read what
 * another writes to a table, but a part may read what a named part returns (its `RETURNING`
 * rows, by its `name`), and so may `select`, the statement's final query (default `SELECT 1`).
 * Parameters are renumbered; the parts must use `$n` only for parameters. Absent statements
 * (undefined: nothing to write) are left out. Why: on a loaded machine a round trip waits
 * twice for a core (Postgres, then the caller); an alarm's write was five statements in a
 * transaction, seven round trips (benchmarks.md, "alarms first across the machine").
 */
export function oneStatement(statements: (SqlStatement | undefined)[], select?: string): SqlStatement | undefined {
  const present = statements.filter((s): s is SqlStatement => s !== undefined);
  if (present.length === 0 || (present.length === 1 && select === undefined)) return present[0];
  const params: unknown[] = [];
  const parts = present.map((s, i) => {
    const offset = params.length;
    params.push(...s.params);
    return `${s.name ?? `w${i}`} AS (${s.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  return { sql: `WITH ${parts.join(',\n')}\n${select ?? 'SELECT 1'}`, params };
}
