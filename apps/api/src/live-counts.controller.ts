// GET / : a plain page with live device counts per key area and status, fed by the
// realtime app over Socket.IO. It stands in for the operations-room web app until that
// exists, and shows the live path end to end. The page logs in first (POST
// /api/v1/auth/login), keeps the access token in sessionStorage and sends it in the
// Socket.IO handshake; realtime then shows only the key areas of the user's scope.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from './api.config';

const TEMPLATE = readFileSync(join(__dirname, 'live-counts.html'), 'utf8');
/** Where the page posts {username, password}; same origin as the page. */
export const LOGIN_PATH = '/api/v1/auth/login';

@Controller()
export class LiveCountsController {
  private readonly page: string;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    const realtime = new URL(config.REALTIME_PUBLIC_URL).origin;
    this.page = TEMPLATE.replaceAll('{{REALTIME_URL}}', realtime).replaceAll('{{LOGIN_URL}}', LOGIN_PATH);
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  index(): string {
    return this.page;
  }
}
