import { signAccessToken } from '@ioc/platform';
import { testActor } from '@ioc/testing';
import { authenticateHandshake, handshakeToken, type HandshakeLike } from './ops-auth';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const hs = (auth: Record<string, unknown> = {}, headers: Record<string, string> = {}): HandshakeLike => ({ auth, headers });
const token = (ttlS = 60, secret = SECRET) => signAccessToken(secret, testActor('technician', { districts: ['Thị xã Ba Đồn'] }), ttlS);

describe('handshake token', () => {
  it('takes the token from auth, as browsers send it', () => {
    expect(handshakeToken(hs({ token: 'abc' }))).toBe('abc');
  });

  it('takes a Bearer Authorization header from clients that cannot set auth', () => {
    expect(handshakeToken(hs({}, { authorization: 'Bearer abc' }))).toBe('abc');
    expect(handshakeToken(hs({}, { authorization: 'bearer  abc ' }))).toBe('abc');
  });

  it('prefers auth over the header', () => {
    expect(handshakeToken(hs({ token: 'from-auth' }, { authorization: 'Bearer from-header' }))).toBe('from-auth');
  });

  it('tells a missing token from a malformed one', () => {
    expect(handshakeToken(hs())).toBeUndefined();
    expect(handshakeToken(hs({ token: 42 }))).toBe('');
    expect(handshakeToken(hs({}, { authorization: 'Basic dXNlcjpwYXNz' }))).toBe('');
  });
});

describe('handshake authentication', () => {
  it('accepts a valid token and yields the user with their scope', () => {
    const outcome = authenticateHandshake(SECRET, hs({ token: token() }));
    expect(outcome).toEqual({
      ok: true,
      actor: { userId: 'user-test-technician', username: 'test-technician', role: 'technician', scope: { all: false, areas: [], districts: ['Thị xã Ba Đồn'] } },
    });
  });

  it('refuses no token as missing, saying how to get one', () => {
    expect(authenticateHandshake(SECRET, hs())).toMatchObject({ ok: false, code: 'missing', message: expect.stringMatching(/^unauthorized: no token: log in/) });
  });

  it('refuses an expired token as expired', () => {
    expect(authenticateHandshake(SECRET, hs({ token: token(-10) }))).toMatchObject({
      ok: false,
      code: 'expired',
      message: expect.stringMatching(/^unauthorized: the token has expired: /),
    });
  });

  it('refuses a token signed with another secret, and garbage, as invalid', () => {
    expect(authenticateHandshake(SECRET, hs({ token: token(60, 'another-secret-of-at-least-32-characters') }))).toMatchObject({ ok: false, code: 'invalid' });
    expect(authenticateHandshake(SECRET, hs({ token: 'not-a-jwt' }))).toMatchObject({ ok: false, code: 'invalid' });
    expect(authenticateHandshake(SECRET, hs({ token: 42 }))).toMatchObject({ ok: false, code: 'invalid' });
  });
});
