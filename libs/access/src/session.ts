// Refresh-token families (decision 0018). A login opens a session holding one refresh
// token; each refresh spends it and hands out the next. A token presented again after it
// was spent means two parties hold the session (a stolen copy, or a replay): the whole
// session ends, the legitimate user included, and signs in again. Pure: the registry
// stores the session and applies the verdict in one transaction.

export interface StoredSession {
  userId: string;
  /** The one refresh token of the family that may still be spent. */
  refreshId: string;
  ended: boolean;
}

export interface PresentedRefresh {
  userId: string;
  refreshId: string;
}

export type RefreshVerdict =
  /** Spend it: end the session if anything else is wrong with the user, else rotate. */
  | { kind: 'rotate' }
  /** An already spent token: end the session (all of its tokens) now. */
  | { kind: 'reuse' }
  /** Nothing to do: the session is unknown, someone else's, or over. */
  | { kind: 'refuse'; reason: 'unknown' | 'ended' };

export function decideRefresh(session: StoredSession | undefined, presented: PresentedRefresh): RefreshVerdict {
  if (!session || session.userId !== presented.userId) return { kind: 'refuse', reason: 'unknown' };
  if (session.ended) return { kind: 'refuse', reason: 'ended' };
  if (session.refreshId !== presented.refreshId) return { kind: 'reuse' };
  return { kind: 'rotate' };
}
