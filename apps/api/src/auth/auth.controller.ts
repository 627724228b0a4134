// POST /api/v1/auth/login, /refresh, /logout; GET /api/v1/auth/me. The registry checks the
// password or the session; this app signs the tokens (JWT_SECRET).
import { Body, Controller, Get, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Actor, LoginInput, RefreshInput, TokenPairV1, type SessionUser, type TokenPair } from '@ioc/contracts';
import { signAccessToken, signRefreshToken, verifyRefreshToken } from '@ioc/platform';
import type { ApiConfig } from '../api.config';
import { Route } from '../http/openapi';
import { validate } from '../http/validate';
import { RegistryClient } from '../service.clients';
import { CurrentActor, Public } from './auth.guard';
import { API_CONFIG } from '../api.tokens';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly registry: RegistryClient,
  ) {}

  private tokens(session: SessionUser): TokenPair {
    const { user } = session;
    const actor = { userId: user.id, username: user.username, role: user.role, scope: user.scope };
    return {
      accessToken: signAccessToken(this.config.JWT_SECRET, actor, this.config.API_ACCESS_TOKEN_TTL_S),
      refreshToken: signRefreshToken(this.config.JWT_SECRET, user.id, session.tokenVersion, this.config.API_REFRESH_TOKEN_TTL_S, session),
      tokenType: 'Bearer',
      expiresIn: this.config.API_ACCESS_TOKEN_TTL_S,
      user,
    };
  }

  @Post('login')
  @Public()
  @Route({
    summary: 'Log in with username and password',
    description: 'Throttled per username and per client address: after too many failures the sign-in is locked for a while (429), until it ends or an admin clears it.',
    body: LoginInput,
    ok: { status: 200, schema: TokenPairV1 },
    public: true,
    errors: [401, 429],
  })
  async login(@Body() body: unknown, @Req() req: Request): Promise<TokenPair> {
    // The address the throttle counts per (decision 0019): Express's, so behind a proxy set "trust proxy".
    const address = (req.ip ?? req.socket.remoteAddress ?? 'unknown').slice(0, 100);
    return this.tokens(await this.registry.call('auth.login', { ...validate(LoginInput, body), address }));
  }

  @Post('refresh')
  @Public()
  @Route({
    summary: 'New tokens from a refresh token',
    description: 'A refresh token is single-use: the answer carries the next one. Presenting a spent one ends its whole session (401); log in again.',
    body: RefreshInput,
    ok: { status: 200, schema: TokenPairV1 },
    public: true,
    errors: [401],
  })
  async refresh(@Body() body: unknown): Promise<TokenPair> {
    const claims = verifyRefreshToken(this.config.JWT_SECRET, validate(RefreshInput, body).refreshToken);
    return this.tokens(await this.registry.call('auth.session', { userId: claims.sub, tokenVersion: claims.ver, sessionId: claims.sid, refreshId: claims.jti }));
  }

  @Post('logout')
  @Route({ summary: 'End every session of the caller (refresh tokens stop working)', ok: { status: 204 } })
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.registry.call('auth.logout', { actor });
  }

  @Get('me')
  @Route({ summary: 'Who the token belongs to: user, role, area scope', ok: { status: 200, schema: Actor } })
  me(@CurrentActor() actor: Actor): z.infer<typeof Actor> {
    return actor;
  }
}
