// Starts a Nest app the same way everywhere: the app's logger (PlatformModule's), shutdown
// hooks, HTTP for /health and /metrics, and a clear message and exit code when boot fails.
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { JsonLogger } from './logger';
import { LOGGER } from './platform.tokens';
import { errorMessage } from './errors';

export interface BootOptions {
  service: string;
  host: string;
  port: number;
  configure?: (app: INestApplication) => Promise<void> | void;
}

export async function bootHttpApp(module: unknown, options: BootOptions): Promise<INestApplication> {
  // Nest's own boot messages wait for the app's logger (the module must import PlatformModule).
  const app = await NestFactory.create(module as never, { bufferLogs: true });
  const logger = app.get<JsonLogger>(LOGGER);
  app.useLogger(logger);
  app.enableShutdownHooks();
  await options.configure?.(app);
  await app.listen(options.port, options.host);
  logger.event('info', 'listening', { url: `http://${options.host}:${options.port}` });
  return app;
}

/** Wraps main(): a thrown error (bad config, unreachable service) ends the process with code 1. */
export function runMain(service: string, main: () => Promise<unknown>): void {
  main().catch((err) => {
    new JsonLogger(service).event('error', 'failed to start', { error: errorMessage(err) });
    process.exit(1);
  });
}
