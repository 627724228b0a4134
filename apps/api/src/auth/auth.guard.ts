// Every route under /api/v1 needs a valid access token, except those marked @Public()
// (login, refresh). The acting user is put on the request for @CurrentActor().
import { createParamDecorator, Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Actor } from '@ioc/contracts';
import { verifyAccessToken } from '@ioc/platform';
import type { ApiConfig } from '../api.config';
import { API_CONFIG } from '../api.tokens';

const PUBLIC = 'ioc:public';
export const Public = () => SetMetadata(PUBLIC, true);

type AuthenticatedRequest = Request & { actor?: Actor };

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!req.path.startsWith('/api/v1/')) return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    req.actor = verifyAccessToken(this.config.JWT_SECRET, bearerToken(req.headers.authorization));
    return true;
  }
}

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
