// What one /ops socket may ask of realtime (issue 13: 1,000 `subscribe` calls on one socket
// took realtime from 109 to 278 MB). Each socket has a message budget (a token bucket:
// `burst` at once, `ratePerS` after), a ceiling on the key areas it holds, and a count of
// refusals: a socket that keeps asking after being refused is disconnected. Pure, with the
// clock passed in, so the rules are unit-tested without a server.

export interface SocketLimitOptions {
  /** Messages a socket may send at once. */
  burst: number;
  /** Messages a socket may send per second, on average. */
  ratePerS: number;
  /** Key areas one socket may hold (its area rooms). */
  maxAreas: number;
  /** Subscriptions one socket may have in flight at once. */
  maxPendingSubscribes: number;
  /** Refusals after which the socket is disconnected. */
  disconnectAfterRefusals: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimitOptions = { burst: 20, ratePerS: 5, maxAreas: 500, maxPendingSubscribes: 2, disconnectAfterRefusals: 50 };

export type LimitVerdict = { ok: true } | { ok: false; code: 'rate_limited' | 'too_many_areas' | 'busy'; message: string; disconnect: boolean };

export class SocketLimiter {
  private tokens: number;
  private last: number;
  private refusals = 0;
  private pending = 0;

  constructor(
    private readonly options: SocketLimitOptions,
    now: number,
  ) {
    this.tokens = options.burst;
    this.last = now;
  }

  private refuse(code: 'rate_limited' | 'too_many_areas' | 'busy', message: string): LimitVerdict {
    this.refusals++;
    return { ok: false, code, message, disconnect: this.refusals >= this.options.disconnectAfterRefusals };
  }

  /** Spends one message of the budget. */
  message(now: number): LimitVerdict {
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.last) / 1000) * this.options.ratePerS);
    this.last = now;
    if (this.tokens < 1) {
      return this.refuse('rate_limited', `too many messages: at most ${this.options.burst} at once and ${this.options.ratePerS} a second on one connection; wait and retry`);
    }
    this.tokens -= 1;
    return { ok: true };
  }

  /** Starts a subscription, unless too many are in flight; `done` must be called after an ok. */
  startSubscribe(): LimitVerdict {
    if (this.pending >= this.options.maxPendingSubscribes) {
      return this.refuse('busy', `a subscription is already being answered on this connection (at most ${this.options.maxPendingSubscribes} at once): wait for its answer`);
    }
    this.pending++;
    return { ok: true };
  }

  done(): void {
    this.pending = Math.max(0, this.pending - 1);
  }

  /** Whether a socket holding `held` areas may add `adding` more. */
  areas(held: number, adding: number): LimitVerdict {
    if (held + adding > this.options.maxAreas) {
      return this.refuse('too_many_areas', `one connection may watch at most ${this.options.maxAreas} key areas; it holds ${held} and asked for ${adding} more`);
    }
    return { ok: true };
  }
}
