// The operations-centre web app (apps/ops-web, built by Vite into WEB_ROOT) served at /:
// hashed assets cached for a year, index.html never cached, and every other browser path
// that is not the API's (/ops/areas/DH-TT, /devices …) answered with index.html so the
// app's router can show it. /app-config.json tells the app where the realtime app is,
// which tile layer to draw and where gateways reach the MQTT broker, from this app's
// configuration.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { ApiConfig } from '../api.config';
import { API_CONFIG } from '../api.tokens';

/** Paths the app's router must never take over: the API, its docs, health and metrics. */
const SERVER_PATHS = /^\/(api|health|metrics|app-config\.json)(\/|$)/;

export interface WebAppConfig {
  realtimeUrl: string;
  tileUrl: string;
  tileAttribution: string;
  /** The broker address a gateway is configured with (shown with its new credentials). */
  mqttUrl: string;
}

@ApiExcludeController()
@Controller()
export class WebAppController {
  private readonly webConfig: WebAppConfig;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    this.webConfig = {
      realtimeUrl: new URL(config.REALTIME_PUBLIC_URL).origin,
      tileUrl: config.WEB_TILE_URL,
      tileAttribution: config.WEB_TILE_ATTRIBUTION,
      mqttUrl: config.MQTT_PUBLIC_URL || config.MQTT_URL,
    };
  }

  @Get('app-config.json')
  @Header('Cache-Control', 'no-store')
  appConfig(): WebAppConfig {
    return this.webConfig;
  }
}

const NOT_BUILT = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>IOC Quảng Bình</title>
<body style="font-family:sans-serif;padding:2rem"><h1>Ứng dụng web chưa được build</h1>
<p>The web app is not built: run <code>npm run build</code> (or <code>npm start</code>), then reload.</p></body></html>`;

/** Express middleware serving the built web app from `root`, with the router fallback. */
export function webAppMiddleware(root: string): express.RequestHandler[] {
  const indexFile = join(root, 'index.html');
  const assets = express.static(root, {
    index: false,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const fallback = (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path)) return next();
    if (!req.accepts('html')) return next();
    // Read each time (half a kilobyte): a rebuild renames the hashed assets it points to.
    const index = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : NOT_BUILT;
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(index);
  };
  return [(req, res, next) => (SERVER_PATHS.test(req.path) ? next() : assets(req, res, next)), fallback];
}
