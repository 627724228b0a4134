import { composeEnvironment } from '@ioc/testing';
import { loadConfig } from '@ioc/platform';
import { realtimeConfigSchema } from './realtime.config';

describe('realtime configuration', () => {
  it('defaults to port 3001, as the brief and docker-compose.yml say', () => {
    const env = {};
    expect(loadConfig(realtimeConfigSchema, env).HTTP_PORT).toBe(3001);
  });

  it('accepts the environment docker-compose.yml gives it, and every variable there is one it reads', () => {
    const env = composeEnvironment('realtime');
    const known = Object.keys(realtimeConfigSchema.shape);
    expect(Object.keys(env).filter((k) => !known.includes(k))).toEqual([]);
    expect(loadConfig(realtimeConfigSchema, env).HTTP_PORT).toBe(3001);
  });
});
