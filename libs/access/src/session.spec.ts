import { decideRefresh } from './session';

const session = { userId: 'u1', refreshId: 'r2', ended: false };

describe('refresh-token families', () => {
  it('rotates the token the session holds', () => {
    expect(decideRefresh(session, { userId: 'u1', refreshId: 'r2' })).toEqual({ kind: 'rotate' });
  });

  it('treats a token already spent as reuse, which ends the session', () => {
    expect(decideRefresh(session, { userId: 'u1', refreshId: 'r1' })).toEqual({ kind: 'reuse' });
  });

  it('refuses any token of an ended session, the current one included, without ending anything more', () => {
    const ended = { ...session, ended: true };
    expect(decideRefresh(ended, { userId: 'u1', refreshId: 'r2' })).toEqual({ kind: 'refuse', reason: 'ended' });
    expect(decideRefresh(ended, { userId: 'u1', refreshId: 'r1' })).toEqual({ kind: 'refuse', reason: 'ended' });
  });

  it('refuses an unknown session, and another user’s session, as unknown', () => {
    expect(decideRefresh(undefined, { userId: 'u1', refreshId: 'r2' })).toEqual({ kind: 'refuse', reason: 'unknown' });
    expect(decideRefresh(session, { userId: 'u2', refreshId: 'r2' })).toEqual({ kind: 'refuse', reason: 'unknown' });
  });
});
