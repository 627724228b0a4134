import { z } from 'zod';
import { ConfigError, databaseEnv, envInt, loadConfig, natsEnv } from './config';

const schema = z.object({ ...natsEnv, ...databaseEnv('registry'), PORT: envInt(3000, 1, 65535), SECRET_PASSWORD: z.string().min(8) });

describe('config checked at boot', () => {
  it('applies defaults', () => {
    const c = loadConfig(schema, { SECRET_PASSWORD: 'long-enough' });
    expect(c).toMatchObject({ NATS_URL: 'nats://127.0.0.1:4222', NATS_PREFIX: 'ioc', DB_SCHEMA: 'registry', PORT: 3000 });
  });

  it('names every bad variable, with its value unless it is a secret', () => {
    try {
      loadConfig(schema, { NATS_URL: 'http://x', PORT: '70000', DB_SCHEMA: 'Bad-Schema', SECRET_PASSWORD: 'short' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const msg = (err as Error).message;
      expect(msg).toContain('NATS_URL is "http://x": must be a URL starting with nats:// or tls://');
      expect(msg).toContain('PORT is "70000"');
      expect(msg).toContain('DB_SCHEMA is "Bad-Schema"');
      expect(msg).toContain('SECRET_PASSWORD is set');
      expect(msg).not.toContain('short');
    }
  });

  it('says when a required variable is not set', () => {
    expect(() => loadConfig(schema, {})).toThrow(/SECRET_PASSWORD is not set/);
  });
});
