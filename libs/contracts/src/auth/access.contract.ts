// Who is acting: users, their role and the key areas they answer for. The api puts the
// caller into every request it forwards (`actor`); services decide with @ioc/access.
import { z } from 'zod';
import { defineContract, identifier, requiredString } from '../contract';
import { requiredText } from '../registry/register.contract';

export const ROLES = ['admin', 'operator', 'technician', 'planner'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The key areas a user may see and act in: everything (`all`), or the union of some areas
 * and every area of some districts (a district added later brings its new areas along).
 */
export const AreaScope = z
  .object({
    all: z.boolean().default(false),
    areas: z.array(identifier()).default([]),
    districts: z.array(requiredText(100)).default([]),
  })
  .refine((s) => s.all || s.areas.length > 0 || s.districts.length > 0, {
    message: 'a scope needs all: true, or at least one area or district',
  });
export type AreaScope = z.infer<typeof AreaScope>;

export const Actor = z.object({
  userId: z.string().min(1),
  username: z.string().min(1),
  role: z.enum(ROLES),
  scope: AreaScope,
});
export type Actor = z.infer<typeof Actor>;

/** Claims of an access token (JWT, HS256). */
export const AccessClaims = z.object({
  sub: z.string().min(1),
  typ: z.literal('access'),
  username: z.string().min(1),
  role: z.enum(ROLES),
  scope: AreaScope,
});
export type AccessClaims = z.infer<typeof AccessClaims>;

/**
 * Claims of a refresh token: who, which generation of the user's sessions, which session
 * (`sid`, the token family) and which of its tokens (`jti`: single use, decision 0018).
 */
export const RefreshClaims = z.object({
  sub: z.string().min(1),
  typ: z.literal('refresh'),
  ver: z.number().int().min(0),
  sid: z.string().uuid(),
  jti: z.string().uuid(),
});
export type RefreshClaims = z.infer<typeof RefreshClaims>;

export const USERNAME_PATTERN = /^[a-z0-9._-]{3,64}$/;
const username = () => z.string().regex(USERNAME_PATTERN, 'must be 3-64 characters of a-z, 0-9, ".", "_" or "-"');
const password = () => requiredString(200).refine((p) => p.length >= 10, 'must be at least 10 characters');

export const LoginInput = z.object({ username: requiredString(64), password: requiredString(200) });
export const RefreshInput = z.object({ refreshToken: requiredString(4096) });

export const UserInput = z.object({
  username: username(),
  displayName: requiredText(200),
  password: password(),
  role: z.enum(ROLES),
  scope: AreaScope,
});
export type UserInput = z.infer<typeof UserInput>;

export const UserPatch = z
  .object({
    displayName: requiredText(200),
    password: password(),
    role: z.enum(ROLES),
    scope: AreaScope,
    disabled: z.boolean(),
  })
  .partial()
  .strict();
export type UserPatch = z.infer<typeof UserPatch>;

export const UserV1 = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  scope: AreaScope,
  disabled: z.boolean(),
  /** Set while sign-in is locked after too many failures (decision 0019): until when; an admin may clear it. */
  signInLockedUntil: z.string().nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type User = z.infer<typeof UserV1>;

/**
 * What the registry answers to a good login or refresh; the api turns it into tokens:
 * the session (token family) and the one refresh token of it that may be spent next.
 */
export const SessionUserV1 = z.object({ user: UserV1, tokenVersion: z.number().int().min(0), sessionId: z.string().uuid(), refreshId: z.string().uuid() });
export type SessionUser = z.infer<typeof SessionUserV1>;

export const TokenPairV1 = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
  user: UserV1,
});
export type TokenPair = z.infer<typeof TokenPairV1>;

export const ActorContract = defineContract('actor', 1, Actor);
