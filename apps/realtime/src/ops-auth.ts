// Who is on the other end of an /ops socket. The access token is checked once, at the
// handshake (novu's ws app does the same): the socket then acts as that user until it
// disconnects. Pure functions, so the rules are unit-tested without a server.
import type { IncomingHttpHeaders } from 'node:http';
import { can } from '@ioc/access';
import { negotiateLang, type Lang } from '@ioc/i18n';
import type { Actor, OpsConnectErrorCode } from '@ioc/contracts';
import { TokenError, verifyAccessToken } from '@ioc/platform';
import type { SocketLimiter } from './socket-limits';

/** What realtime keeps on `socket.data` once the handshake is accepted. */
export interface OpsSocketData {
  actor: Actor;
  /** The socket's message budget and refusals (socket-limits.ts), set when it connects. */
  limits?: SocketLimiter;
}

export interface HandshakeLike {
  auth: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

export type HandshakeOutcome = { ok: true; actor: Actor } | { ok: false; code: OpsConnectErrorCode; message: string };

/**
 * The token a client sent: `auth: { token }` (browsers, socket.io-client), else an
 * `Authorization: Bearer <token>` header (clients that can set headers). A value that is
 * there but is not a token string is returned as '' so that it is refused as invalid,
 * not as missing.
 */
export function handshakeToken(handshake: HandshakeLike): string | undefined {
  const fromAuth = handshake.auth?.token;
  if (fromAuth !== undefined && fromAuth !== null) return typeof fromAuth === 'string' ? fromAuth : '';
  const header = handshake.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

export function authenticateHandshake(secret: string, handshake: HandshakeLike): HandshakeOutcome {
  const token = handshakeToken(handshake);
  let actor: Actor;
  try {
    if (token === '') throw new TokenError('invalid', 'the token is not valid: send auth: { token: "<accessToken>" } or "Authorization: Bearer <accessToken>"');
    actor = verifyAccessToken(secret, token);
  } catch (err) {
    if (err instanceof TokenError) return { ok: false, code: err.code, message: `unauthorized: ${err.message}` };
    throw err;
  }
  if (!can(actor.role, 'ops.watch')) {
    return { ok: false, code: 'forbidden', message: `forbidden: the role ${actor.role} may not watch the live view` };
  }
  return { ok: true, actor };
}

/** The private room of a user: every socket of theirs, on every realtime copy. */
export const userRoom = (userId: string) => `user:${userId}`;

/** The language a client asked for: `auth: { lang }`, else its Accept-Language; Vietnamese by default. */
export function handshakeLang(handshake: HandshakeLike): Lang {
  const asked = handshake.auth?.lang;
  return asked === 'en' || asked === 'vi' ? asked : negotiateLang(handshake.headers['accept-language']);
}
