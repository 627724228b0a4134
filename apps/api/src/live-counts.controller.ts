// GET / : a plain page with live device counts per key area and status, fed by the
// realtime app over Socket.IO. It stands in for the operations-room web app until that
// exists, and shows the live path end to end.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from './api.config';

const TEMPLATE = readFileSync(join(__dirname, 'live-counts.html'), 'utf8');

@Controller()
export class LiveCountsController {
  private readonly page: string;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    const realtime = new URL(config.REALTIME_PUBLIC_URL).origin;
    this.page = TEMPLATE.replaceAll('{{REALTIME_URL}}', realtime);
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  index(): string {
    return this.page;
  }
}
