// The services' logger: one JSON object per line (pino), level by name, secrets redacted
// at any depth, Nest's own calls (message, context) and errors (message, stack, context).
import { JsonLogger, redactSecrets } from './logger';

function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger('registry', level, (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  return { logger, lines };
}

describe('JsonLogger', () => {
  it('writes one JSON object per event with time, level name, service, message and fields', () => {
    const { logger, lines } = capture();
    logger.event('info', 'register loaded', { areas: 12, areaCode: 'DH-01' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', service: 'registry', msg: 'register loaded', areas: 12, areaCode: 'DH-01' });
    expect(new Date(lines[0]?.time as string).toISOString()).toBe(lines[0]?.time);
  });

  it('leaves out what is below its level, and follows a level change', () => {
    const { logger, lines } = capture('warn');
    logger.event('info', 'hidden');
    logger.event('warn', 'shown');
    logger.setLevel('debug');
    logger.event('debug', 'now shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown', 'now shown']);
  });

  it('redacts secrets by key name at any depth, arrays included, and keeps the rest', () => {
    const { logger, lines } = capture();
    logger.event('info', 'login', {
      username: 'tech.bd',
      password: 'hunter2',
      headers: { Authorization: 'Bearer abc', accept: 'json' },
      sessions: [{ refreshToken: 'r1', id: 1 }],
      mqtt: { credentials: { user: 'gw', pass: 'x' } },
    });
    expect(lines[0]).toMatchObject({
      username: 'tech.bd',
      password: '[redacted]',
      headers: { Authorization: '[redacted]', accept: 'json' },
      sessions: [{ refreshToken: '[redacted]', id: 1 }],
      mqtt: { credentials: '[redacted]' },
    });
    expect(JSON.stringify(lines[0])).not.toMatch(/hunter2|Bearer abc|r1"/);
  });

  it("takes Nest's calls: a message with its context, an error with its stack", () => {
    const { logger, lines } = capture();
    logger.log('Nest application successfully started', 'NestApplication');
    logger.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    logger.warn(new Error('disk nearly full'));
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'Nest application successfully started', context: 'NestApplication' });
    expect(lines[1]).toMatchObject({ level: 'error', msg: 'boom', context: 'ExceptionsHandler', stack: 'Error: boom\n    at x' });
    expect(lines[2]).toMatchObject({ level: 'warn', msg: 'disk nearly full' });
  });
});

describe('redactSecrets', () => {
  it('does not change values that are not objects, nor dates', () => {
    const at = new Date('2026-12-01T00:00:00Z');
    expect(redactSecrets('token')).toBe('token');
    expect(redactSecrets(null)).toBeNull();
    expect(redactSecrets({ at })).toEqual({ at });
  });
});
