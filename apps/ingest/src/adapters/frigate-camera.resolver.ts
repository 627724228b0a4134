// Which registered device a gateway's Frigate camera is: the registry answers
// `devices.resolve-frigate` over NATS, this class caches the answers (a known device and
// "not registered" alike) for FRIGATE_CAMERA_CACHE_TTL_S, so a busy camera costs one request
// a minute, not one per event.
//
// When the registry does not answer, the lookup is retried until FRIGATE_LOOKUP_TIMEOUT_MS
// has passed, then given up: the pipeline rejects the message (`registry_unavailable`)
// rather than hold it. Holding would stall the MQTT session, and every gateway's messages
// behind it, for as long as the registry is away (PUBACKs go out in order). An expired
// answer is still used while the registry is away ("stale"), so cameras seen before keep
// working through a registry restart.
import { errorMessage, RemoteError, sleep } from '@ioc/platform';

export interface FrigateCameraAnswer {
  deviceId: string | null;
  areaCode: string | null;
}

/** One request to the registry; rejects on timeout, no responder, or an error reply. */
export type FrigateCameraLookup = (gatewayId: string, frigateCamera: string, timeoutMs: number) => Promise<FrigateCameraAnswer>;

export type FrigateCameraResolution =
  | ({ ok: true; from: 'cache' | 'registry' | 'stale' } & FrigateCameraAnswer)
  | { ok: false; error: string };

export interface FrigateCameraResolverOptions {
  ttlMs: number;
  /** Budget for one resolution, retries included. */
  timeoutMs: number;
  /** Pause between attempts while the registry does not answer. */
  retryPauseMs?: number;
  /** Most cached cameras; the least recently stored go first. Bounds memory against junk names. */
  maxEntries?: number;
  now?: () => number;
  pause?: (ms: number) => Promise<void>;
}

interface Entry extends FrigateCameraAnswer {
  expiresAt: number;
}

export class FrigateCameraResolver {
  private readonly cache = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<FrigateCameraResolution>>();
  private readonly now: () => number;
  private readonly pause: (ms: number) => Promise<void>;

  constructor(
    private readonly lookup: FrigateCameraLookup,
    private readonly options: FrigateCameraResolverOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.pause = options.pause ?? sleep;
  }

  resolve(gatewayId: string, frigateCamera: string): Promise<FrigateCameraResolution> {
    const key = `${gatewayId}\u0000${frigateCamera}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > this.now()) {
      return Promise.resolve({ ok: true, from: 'cache', deviceId: cached.deviceId, areaCode: cached.areaCode });
    }
    // Several MQTT sessions may ask for the same camera at once: one request serves them all.
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.ask(key, gatewayId, frigateCamera).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async ask(key: string, gatewayId: string, frigateCamera: string): Promise<FrigateCameraResolution> {
    const deadline = this.now() + this.options.timeoutMs;
    let lastError = 'no attempt made';
    for (;;) {
      const remaining = deadline - this.now();
      if (remaining <= 0) break;
      try {
        const answer = await this.lookup(gatewayId, frigateCamera, remaining);
        this.store(key, answer);
        return { ok: true, from: 'registry', ...answer };
      } catch (err) {
        lastError = errorMessage(err);
        // The registry refused the question itself: asking again cannot help.
        if (err instanceof RemoteError && err.code === 'invalid') break;
      }
      const left = deadline - this.now();
      if (left <= 0) break;
      await this.pause(Math.min(this.options.retryPauseMs ?? 250, left));
    }
    const stale = this.cache.get(key);
    if (stale) return { ok: true, from: 'stale', deviceId: stale.deviceId, areaCode: stale.areaCode };
    return { ok: false, error: `registry did not resolve Frigate camera "${frigateCamera}" of ${gatewayId} within ${this.options.timeoutMs} ms: ${lastError}` };
  }

  private store(key: string, answer: FrigateCameraAnswer): void {
    this.cache.delete(key);
    this.cache.set(key, { deviceId: answer.deviceId, areaCode: answer.areaCode, expiresAt: this.now() + this.options.ttlMs });
    const max = this.options.maxEntries ?? 10_000;
    while (this.cache.size > max) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }
}
