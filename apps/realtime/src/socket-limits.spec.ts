import { SocketLimiter, type SocketLimitOptions } from './socket-limits';

const options: SocketLimitOptions = { burst: 3, ratePerS: 2, maxAreas: 10, maxPendingSubscribes: 1, disconnectAfterRefusals: 4 };

describe('per-socket limits', () => {
  it('lets a burst through, then refuses until the budget refills', () => {
    const limiter = new SocketLimiter(options, 0);
    expect([1, 2, 3].map(() => limiter.message(0).ok)).toEqual([true, true, true]);
    expect(limiter.message(0)).toMatchObject({ ok: false, code: 'rate_limited', disconnect: false });
    expect(limiter.message(499).ok).toBe(false);
    expect(limiter.message(1000).ok).toBe(true);
  });

  it('never saves up more than the burst, however long the socket was quiet', () => {
    const limiter = new SocketLimiter(options, 0);
    const answers = Array.from({ length: 5 }, () => limiter.message(3_600_000).ok);
    expect(answers).toEqual([true, true, true, false, false]);
  });

  it('disconnects a socket that keeps asking after being refused', () => {
    const limiter = new SocketLimiter(options, 0);
    for (let i = 0; i < 3; i++) limiter.message(0);
    const verdicts = Array.from({ length: 4 }, () => limiter.message(0));
    expect(verdicts.map((v) => !v.ok && v.disconnect)).toEqual([false, false, false, true]);
  });

  it('refuses a second subscription while the first is being answered', () => {
    const limiter = new SocketLimiter(options, 0);
    expect(limiter.startSubscribe().ok).toBe(true);
    expect(limiter.startSubscribe()).toMatchObject({ ok: false, code: 'busy' });
    limiter.done();
    expect(limiter.startSubscribe().ok).toBe(true);
  });

  it('caps the key areas one socket holds', () => {
    const limiter = new SocketLimiter(options, 0);
    expect(limiter.areas(8, 2).ok).toBe(true);
    expect(limiter.areas(8, 3)).toMatchObject({ ok: false, code: 'too_many_areas' });
  });
});
