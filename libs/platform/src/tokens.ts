// Access and refresh tokens: HS256 JWTs signed with the platform's JWT_SECRET. The api
// issues them; the api and realtime verify them. Claims are checked against the contract,
// so a token signed by a stale build with another shape is refused, not half-read.
import jwt from 'jsonwebtoken';
import { AccessClaims, RefreshClaims, formatIssues, type Actor, type Contract } from '@ioc/contracts';
import { defineContract } from '@ioc/contracts';

const ACCESS = defineContract('token.access', 1, AccessClaims);
const REFRESH = defineContract('token.refresh', 1, RefreshClaims);
const ISSUER = 'ioc';

export class TokenError extends Error {
  constructor(
    readonly code: 'missing' | 'expired' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

export function signAccessToken(secret: string, actor: Actor, ttlS: number): string {
  const claims: AccessClaims = { sub: actor.userId, typ: 'access', username: actor.username, role: actor.role, scope: actor.scope };
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: ttlS, issuer: ISSUER });
}

/** A refresh token of one session (`sessionId`, the family); `refreshId` makes it single-use (decision 0018). */
export function signRefreshToken(secret: string, userId: string, tokenVersion: number, ttlS: number, session: { sessionId: string; refreshId: string }): string {
  const claims: RefreshClaims = { sub: userId, typ: 'refresh', ver: tokenVersion, sid: session.sessionId, jti: session.refreshId };
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: ttlS, issuer: ISSUER });
}

function verify<T>(secret: string, token: string | undefined, contract: Contract<import('zod').ZodType<T>>): T {
  if (!token) throw new TokenError('missing', 'no token: log in at POST /api/v1/auth/login and send "Authorization: Bearer <accessToken>"');
  let payload: unknown;
  try {
    payload = jwt.verify(token, secret, { algorithms: ['HS256'], issuer: ISSUER });
  } catch (e) {
    if (e instanceof jwt.TokenExpiredError) throw new TokenError('expired', 'the token has expired: refresh it at POST /api/v1/auth/refresh');
    throw new TokenError('invalid', 'the token is not valid');
  }
  const parsed = contract.parse(payload);
  if (!parsed.ok) throw new TokenError('invalid', `the token's claims are not valid: ${formatIssues(parsed.issues)}`);
  return parsed.value;
}

/** The acting user of an access token; throws TokenError. */
export function verifyAccessToken(secret: string, token: string | undefined): Actor {
  const c = verify(secret, token, ACCESS);
  return { userId: c.sub, username: c.username, role: c.role, scope: c.scope };
}

export function verifyRefreshToken(secret: string, token: string | undefined): RefreshClaims {
  return verify(secret, token, REFRESH);
}
