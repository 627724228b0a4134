// Incidents as the caller reads them: Vietnamese by default, English with
// `Accept-Language: en` (title from the type and target, the system's notes through the
// one catalogue, @ioc/i18n). Codes, ids and enums are left as they are.
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { map, type Observable } from 'rxjs';
import type { Incident } from '@ioc/contracts';
import { localizeIncident, negotiateLang, type Lang } from '@ioc/i18n';

const isIncident = (value: unknown): value is Incident =>
  typeof value === 'object' && value !== null && 'title' in value && 'type' in value && 'gatewayId' in value;

/** An incident, or a page of them (`{ items }`), in `lang`; anything else as it is. */
export function localizeIncidentsIn(body: unknown, lang: Lang): unknown {
  if (isIncident(body)) return localizeIncident(body, lang);
  if (typeof body === 'object' && body !== null && 'items' in body && Array.isArray(body.items)) {
    return { ...body, items: body.items.map((item: unknown) => (isIncident(item) ? localizeIncident(item, lang) : item)) };
  }
  return body;
}

@Injectable()
export class IncidentLanguageInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const lang = negotiateLang(context.switchToHttp().getRequest<Request>().headers['accept-language']);
    return next.handle().pipe(map((body: unknown) => localizeIncidentsIn(body, lang)));
  }
}
