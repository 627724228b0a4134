import { composeEnvironment } from '@ioc/testing';
import { loadConfig } from '@ioc/platform';
import { apiConfigSchema } from './api.config';

describe('api configuration', () => {
  it('defaults to port 3000, as the brief and docker-compose.yml say', () => {
    const env = {};
    expect(loadConfig(apiConfigSchema, env).HTTP_PORT).toBe(3000);
  });

  it('accepts the environment docker-compose.yml gives it, and every variable there is one it reads', () => {
    const env = composeEnvironment('api');
    const known = Object.keys(apiConfigSchema.shape);
    expect(Object.keys(env).filter((k) => !known.includes(k))).toEqual([]);
    expect(loadConfig(apiConfigSchema, env).HTTP_PORT).toBe(3000);
  });
});
