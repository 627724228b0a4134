// Starts a Nest app the same way everywhere: JSON logs, shutdown hooks, HTTP for
// /health and /metrics, and a clear message and exit code when boot fails.
import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { JsonLogger, type LogLevel } from './logger';
import { errorMessage } from './errors';

export interface BootOptions {
  service: string;
  logLevel: LogLevel;
  host: string;
  port: number;
  configure?: (app: INestApplication) => Promise<void> | void;
}

export async function bootHttpApp(module: unknown, options: BootOptions): Promise<INestApplication> {
  const logger = new JsonLogger(options.service, options.logLevel);
  const app = await NestFactory.create(module as never, { logger, bufferLogs: false });
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
