// Structured logs: one JSON object per line with the service name, level and context
// fields (areaCode, deviceId, …). Secrets are redacted by key name.
import type { LoggerService } from '@nestjs/common';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /pass(word)?|secret|token|authorization|credential/i;

export type LogFields = Record<string, unknown>;

function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_KEY.test(k) ? '[redacted]' : v;
  return out;
}

export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private level: LogLevel = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}

  setLevel(level: LogLevel): void {
    this.level = level;
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

  /** Structured entry point used by the project's own code. */
  event(level: LogLevel, msg: string, fields: LogFields = {}): void {
    if (ORDER[level] < ORDER[this.level]) return;
    this.write(JSON.stringify({ time: new Date().toISOString(), level, service: this.service, msg, ...redact(fields) }));
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
