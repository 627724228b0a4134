// Structured logs on pino: one JSON object per line with the time (ISO), the level (by
// name), the service and context fields (areaCode, deviceId, …). Values under a key that
// names a secret (password, token, authorization, …) are written as "[redacted]", at any
// depth. Nest's own messages go through the same logger (it is the app's LoggerService).
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

const SECRET_KEY = /pass(word|phrase)?|secret|token|authorization|credential|cookie/i;
const REDACTED = '[redacted]';
/** Deeper than any field the project logs; beyond it a value is left as it is. */
const MAX_DEPTH = 6;

/** `fields` with every value under a secret-naming key replaced, recursively (arrays too). */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1)) as T;
  const out: LogFields = {};
  for (const [k, v] of Object.entries(value as LogFields)) out[k] = SECRET_KEY.test(k) ? REDACTED : redactSecrets(v, depth + 1);
  return out as T;
}

export class JsonLogger implements LoggerService {
  private readonly pino: Logger<never, boolean>;

  /** `write` receives each line (tests); by default lines go to stdout. */
  constructor(service: string, level: LogLevel = 'info', write?: (line: string) => void) {
    this.pino = pino(
      {
        level,
        base: { service },
        messageKey: 'msg',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }), log: (fields) => redactSecrets(fields) },
      },
      write ? { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) } : pino.destination({ dest: 1, sync: true }),
    );
  }

  setLevel(level: LogLevel): void {
    this.pino.level = level;
  }

  /** Structured entry point used by the project's own code. */
  event(level: LogLevel, msg: string, fields: LogFields = {}): void {
    this.pino[level](fields, msg);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  private emit(level: LogLevel, message: unknown, rest: unknown[]): void {
    // Nest calls log(message, context) and error(message, stack, context).
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = level === 'error' && rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    if (message instanceof Error) {
      this.event(level, message.message, { context, stack: message.stack });
    } else if (typeof message === 'object' && message !== null) {
      this.event(level, context ?? 'log', { context, ...(message as LogFields) });
    } else {
      this.event(level, String(message), { context, ...(stack ? { stack } : {}) });
    }
  }
}
