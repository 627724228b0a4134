// oneStatement against the real Postgres: several writes in one round trip, atomic, with a
// foreign key between two of its parts. Each run in a schema of its own.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { z } from 'zod';
import { databaseEnv, loadConfig } from './config';
import { oneStatement, type SqlStatement } from './database';

const { DATABASE_URL } = loadConfig(z.object({ DATABASE_URL: databaseEnv('test').DATABASE_URL }));
const s = `os${randomBytes(4).toString('hex')}`;
let db: Client;

beforeAll(async () => {
  db = new Client({ connectionString: DATABASE_URL });
  await db.connect();
  await db.query(`CREATE SCHEMA ${s}`);
  await db.query(`CREATE TABLE ${s}.parent (id int PRIMARY KEY, name text NOT NULL)`);
  await db.query(`CREATE TABLE ${s}.child (parent_id int NOT NULL REFERENCES ${s}.parent (id), note text)`);
  await db.query(`CREATE TABLE ${s}.seen (id text PRIMARY KEY)`);
});

afterAll(async () => {
  await db.query(`DROP SCHEMA ${s} CASCADE`);
  await db.end();
});

const parents = (ids: number[]): SqlStatement => ({
  sql: `INSERT INTO ${s}.parent (id, name) SELECT id, 'p' || id FROM unnest($1::int[]) AS u(id)`,
  params: [ids],
});
const children = (ids: number[], note: string): SqlStatement => ({
  sql: `INSERT INTO ${s}.child (parent_id, note) SELECT id, $2 FROM unnest($1::int[]) AS u(id)`,
  params: [ids, note],
});
const seen = (ids: string[]): SqlStatement => ({ sql: `INSERT INTO ${s}.seen (id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, params: [ids] });
const run = (st: SqlStatement | undefined) => (st ? db.query(st.sql, st.params) : Promise.resolve());
const count = async (table: string) => Number((await db.query(`SELECT count(*) AS n FROM ${s}.${table}`)).rows[0].n);

describe('oneStatement', () => {
  it('is the statement itself when there is one, and nothing when there is none', () => {
    const one = seen(['a']);
    expect(oneStatement([one])).toBe(one);
    expect(oneStatement([])).toBeUndefined();
  });

  it('numbers each part’s parameters after the previous parts’', () => {
    const st = oneStatement([parents([1]), children([1], 'x'), seen(['a'])]);
    expect(st?.params).toEqual([[1], [1], 'x', ['a']]);
    expect(st?.sql).toContain('unnest($2::int[]) AS u(id)');
    expect(st?.sql).toContain('SELECT id, $3 FROM');
    expect(st?.sql).toContain('unnest($4::text[])');
  });

  it('writes every part in one statement, children referring to parents written beside them', async () => {
    await run(oneStatement([parents([1, 2]), children([1, 2, 2], 'opened'), seen(['m1', 'm2'])]));
    expect([await count('parent'), await count('child'), await count('seen')]).toEqual([2, 3, 2]);
  });

  it('lets a part read the rows a named part returned, and answers with the final query', async () => {
    // Renames parents only from the name they were read with (a version check); a child is
    // written only for a parent renamed. Parent 1 is "p1", parent 2 is not "old".
    const renamed: SqlStatement = {
      name: 'renamed',
      sql: `UPDATE ${s}.parent AS p SET name = v.name FROM unnest($1::int[], $2::text[], $3::text[]) AS v(id, name, was) WHERE p.id = v.id AND p.name = v.was RETURNING p.id`,
      params: [
        [1, 2],
        ['one', 'two'],
        ['p1', 'old'],
      ],
    };
    const guardedChildren: SqlStatement = {
      sql: `INSERT INTO ${s}.child (parent_id, note) SELECT id, $2 FROM unnest($1::int[]) AS u(id) WHERE u.id IN (SELECT id FROM renamed)`,
      params: [[1, 2], 'renamed'],
    };
    const st = oneStatement([renamed, guardedChildren, seen(['m9'])], 'SELECT id FROM renamed');
    expect(st?.sql).toMatch(/^WITH renamed AS \(UPDATE/);
    expect((await db.query(st?.sql ?? '', st?.params)).rows).toEqual([{ id: 1 }]);
    expect((await db.query(`SELECT id, name FROM ${s}.parent ORDER BY id`)).rows).toEqual([
      { id: 1, name: 'one' },
      { id: 2, name: 'p2' },
    ]);
    expect((await db.query(`SELECT parent_id FROM ${s}.child WHERE note = 'renamed'`)).rows).toEqual([{ parent_id: 1 }]);
    // A final query makes a statement of one part too.
    expect(oneStatement([renamed], 'SELECT id FROM renamed')?.sql).toMatch(/^WITH renamed AS \(UPDATE[\s\S]*\)\nSELECT id FROM renamed$/);
  });

  it('writes nothing of any part when one part fails', async () => {
    // A child of a parent that does not exist: the foreign key fails the whole statement.
    await expect(run(oneStatement([parents([3]), children([3, 99], 'orphan'), seen(['m3'])]))).rejects.toThrow(/foreign key/);
    expect([await count('parent'), await count('child'), await count('seen')]).toEqual([2, 4, 3]);
  });
});
