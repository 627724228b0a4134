import { DEFAULT_SIGN_IN_LIMITS as LIMITS, lockedOutMessage, lockoutsAfterFailure, signInGate } from './sign-in-throttle';

const now = Date.parse('2026-12-06T10:00:00Z');

describe('sign-in throttling', () => {
  it('lets a sign-in through when nothing is locked, or a lockout has run out', () => {
    expect(signInGate({}, now)).toEqual({ ok: true });
    expect(signInGate({ userUntil: now - 1, addressUntil: now }, now)).toEqual({ ok: true });
  });

  it('refuses a locked username, whatever the password, until the lockout ends', () => {
    expect(signInGate({ userUntil: now + 60_000 }, now)).toEqual({ ok: false, who: 'user', until: now + 60_000 });
  });

  it('refuses a locked address, for every username', () => {
    expect(signInGate({ addressUntil: now + 1 }, now)).toEqual({ ok: false, who: 'address', until: now + 1 });
  });

  it('locks a username at its fifth failure within the window, not before', () => {
    expect(lockoutsAfterFailure({ user: 4, address: 4 }, LIMITS, now)).toEqual({});
    expect(lockoutsAfterFailure({ user: 5, address: 5 }, LIMITS, now)).toEqual({ userUntil: now + 900_000 });
  });

  it('locks an address that fails across many usernames, though no single one reaches its limit', () => {
    expect(lockoutsAfterFailure({ user: 1, address: 20 }, LIMITS, now)).toEqual({ addressUntil: now + 900_000 });
  });

  it('says who is locked, until when, and what to do', () => {
    expect(lockedOutMessage({ who: 'user', until: now + 900_000 }, 'operator')).toBe(
      'too many failed sign-ins for user operator: locked until 2026-12-06T10:15:00.000Z; try again later, or ask an administrator to clear the lockout',
    );
  });
});
