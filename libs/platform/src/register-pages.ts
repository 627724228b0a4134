// The register as the services that keep a copy of it read it at start (coverage, sla):
// every key area, then every device, in pages from the registry, and the wait for a
// registry that is still starting. How a request travels is the caller's (a ClientProxy,
// a bare NATS request): the pages only need `request(operation, body, reply)`.
import { defineContract, REGISTRY_OPERATIONS, type Contract, type Device, type KeyArea, type RegistryRequest } from '@ioc/contracts';
import type { z } from 'zod';
import { errorMessage, sleep } from './errors';
import type { JsonLogger } from './logger';

export type RegisterPageOperation = 'register.areas' | 'register.devices';

/** Sends one registry operation and resolves with its reply, checked against `reply`. */
export type RegisterPageRequest = <S extends z.ZodType>(operation: RegisterPageOperation, body: RegistryRequest<RegisterPageOperation>, reply: Contract<S>) => Promise<z.infer<S>>;

/** What each page must look like, whichever way it travelled. */
const REPLIES = {
  'register.areas': defineContract('registry.register.areas.reply', 1, REGISTRY_OPERATIONS['register.areas'].reply),
  'register.devices': defineContract('registry.register.devices.reply', 1, REGISTRY_OPERATIONS['register.devices'].reply),
} as const;

/** Page sizes: key areas carry their checkpoints and polygons, so fewer per page. */
const AREAS_PER_PAGE = 20;
const DEVICES_PER_PAGE = 500;

export interface RegisterSink {
  areas(page: KeyArea[]): void | Promise<void>;
  devices(page: Device[]): void | Promise<void>;
}

/**
 * Reads the whole register in pages (key areas by code, then devices by id), handing each
 * page to `sink` before asking for the next, so a caller that stores pages never holds the
 * whole register twice.
 */
export async function readRegisterPages(request: RegisterPageRequest, sink: RegisterSink): Promise<void> {
  for (let afterCode = ''; ; ) {
    const { items } = await request('register.areas', { afterCode, limit: AREAS_PER_PAGE }, REPLIES['register.areas']);
    const last = items[items.length - 1];
    if (!last) break;
    await sink.areas(items);
    afterCode = last.code;
  }
  for (let afterId = ''; ; ) {
    const { items } = await request('register.devices', { afterId, limit: DEVICES_PER_PAGE }, REPLIES['register.devices']);
    const last = items[items.length - 1];
    if (!last) break;
    await sink.devices(items);
    afterId = last.id;
  }
}

/**
 * Runs `load` until it succeeds: at start the registry may not answer yet. Each failure is
 * logged as a warning with its attempt number, and the wait grows by half a second per
 * attempt up to ten seconds, so a registry that is down is not flooded.
 */
export async function untilRegistryAnswers(load: () => Promise<void>, logger: Pick<JsonLogger, 'event'>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await load();
      return;
    } catch (err) {
      logger.event('warn', 'cannot read the register from the registry yet; retrying', { attempt, error: errorMessage(err) });
      await sleep(Math.min(10_000, 500 * attempt));
    }
  }
}
