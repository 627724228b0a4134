// Area-scope checks for every register operation (rules in @ioc/access; permissions:
// requirePermission in @ioc/platform).
import { areasInScope, describeScope, inScope } from '@ioc/access';
import type { Actor } from '@ioc/contracts';
import { ServiceError } from '@ioc/platform';
import { readAreaDistricts, type Db } from './register.read';

export function outOfScope(actor: Actor, areaCode: string): ServiceError {
  return new ServiceError('forbidden', `key area ${areaCode} is outside your scope (${describeScope(actor.scope)})`);
}

/** The key area, if it exists and is in the actor's scope; not_found / forbidden otherwise. */
export async function requireArea(db: Db, schema: string, actor: Actor, code: string): Promise<{ code: string; district: string }> {
  const rows: { district: string }[] = await db.query(`SELECT district FROM "${schema}".key_areas WHERE code = $1`, [code]);
  const row = rows[0];
  if (!row) throw new ServiceError('not_found', `no key area ${code}`);
  if (!inScope(actor.scope, { code, district: row.district })) throw outOfScope(actor, code);
  return { code, district: row.district };
}

/** The codes of the key areas in the actor's scope; undefined means every area. */
export async function scopedAreaCodes(db: Db, schema: string, actor: Actor): Promise<string[] | undefined> {
  if (actor.scope.all) return undefined;
  const districts = await readAreaDistricts(db, schema);
  return areasInScope(actor.scope, [...districts].map(([code, district]) => ({ code, district }))).map((a) => a.code);
}

/** Narrows a requested area filter to the actor's scope (forbidden if it asks outside). */
export async function areaFilter(db: Db, schema: string, actor: Actor, areaCode?: string): Promise<string[] | undefined> {
  if (areaCode) {
    await requireArea(db, schema, actor, areaCode);
    return [areaCode];
  }
  return scopedAreaCodes(db, schema, actor);
}
