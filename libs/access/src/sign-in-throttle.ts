// Sign-in throttling (decision 0019): failed sign-ins are counted per username and per
// client address over a window; past a limit, that username (or address) is locked out
// for a while, the right password included, so guessing costs the guesser time. An admin
// can clear a user's lockout. Pure: the registry keeps the counters in Redis (shared by
// every copy) and asks these rules what they mean.

export interface SignInLimits {
  /** Failures of one username within the window before it is locked. */
  maxFailuresPerUser: number;
  /** Failures from one address (any usernames) within the window before it is locked. */
  maxFailuresPerAddress: number;
  /** Seconds over which failures are counted (from the first). */
  windowS: number;
  /** Seconds a lockout lasts. */
  lockoutS: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { maxFailuresPerUser: 5, maxFailuresPerAddress: 20, windowS: 900, lockoutS: 900 };

/** Lockouts standing now: epoch milliseconds until which each is locked, if it is. */
export interface SignInLocks {
  userUntil?: number;
  addressUntil?: number;
}

export type SignInGate = { ok: true } | { ok: false; who: 'user' | 'address'; until: number };

/** Whether a sign-in may be tried at all (before the password is looked at). */
export function signInGate(locks: SignInLocks, now: number): SignInGate {
  if (locks.userUntil !== undefined && locks.userUntil > now) return { ok: false, who: 'user', until: locks.userUntil };
  if (locks.addressUntil !== undefined && locks.addressUntil > now) return { ok: false, who: 'address', until: locks.addressUntil };
  return { ok: true };
}

/** Which lockouts a failure starts, given the failures counted so far in the window, this one included. */
export function lockoutsAfterFailure(failures: { user: number; address: number }, limits: SignInLimits, now: number): SignInLocks {
  const until = now + limits.lockoutS * 1000;
  return {
    ...(failures.user >= limits.maxFailuresPerUser ? { userUntil: until } : {}),
    ...(failures.address >= limits.maxFailuresPerAddress ? { addressUntil: until } : {}),
  };
}

/** The refusal a locked-out sign-in gets (the web app's catalogue matches it). */
export function lockedOutMessage(gate: { who: 'user' | 'address'; until: number }, subject: string): string {
  return `too many failed sign-ins for ${gate.who} ${subject}: locked until ${new Date(gate.until).toISOString()}; try again later, or ask an administrator to clear the lockout`;
}
