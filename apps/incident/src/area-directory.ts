// Which district each key area is in, for users whose scope names districts. Asked of the
// registry (`areas.districts`) and kept for a minute; areas are few and change rarely.
import { areasInScope, inScope } from '@ioc/access';
import { defineContract, REGISTRY_OPERATIONS, type Actor } from '@ioc/contracts';
import type { NatsOperationsClient } from '@ioc/platform';

const REPLY = defineContract('registry.areas.districts.reply', 1, REGISTRY_OPERATIONS['areas.districts'].reply);
const TTL_MS = 60_000;

export class AreaDirectory {
  private cache?: { at: number; districts: Map<string, string> };

  constructor(private readonly requests: NatsOperationsClient) {}

  private async districts(): Promise<Map<string, string>> {
    if (this.cache && Date.now() - this.cache.at < TTL_MS) return this.cache.districts;
    const reply = await this.requests.request('registry.v1.areas.districts', {}, REPLY);
    this.cache = { at: Date.now(), districts: new Map(reply.items.map((a) => [a.code, a.district])) };
    return this.cache.districts;
  }

  /** Whether the actor may see the area (an area the registry does not know: only with scope all). */
  async allows(actor: Actor, areaCode: string): Promise<boolean> {
    if (actor.scope.all) return true;
    const district = (await this.districts()).get(areaCode);
    return district !== undefined && inScope(actor.scope, { code: areaCode, district });
  }

  /** The areas the actor may see; undefined for all. */
  async scoped(actor: Actor): Promise<string[] | undefined> {
    if (actor.scope.all) return undefined;
    return areasInScope(actor.scope, [...(await this.districts())].map(([code, district]) => ({ code, district }))).map((a) => a.code);
  }
}
