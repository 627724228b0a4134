import { composeEnvironment } from '@ioc/testing';
import { loadConfig } from '@ioc/platform';
import { registryConfigSchema } from './registry.config';

describe('registry configuration', () => {
  it('defaults to port 3003, as the brief and docker-compose.yml say', () => {
    const env = {};
    expect(loadConfig(registryConfigSchema, env).HTTP_PORT).toBe(3003);
  });

  it('accepts the environment docker-compose.yml gives it, and every variable there is one it reads', () => {
    const env = composeEnvironment('registry');
    const known = Object.keys(registryConfigSchema.shape);
    expect(Object.keys(env).filter((k) => !known.includes(k))).toEqual([]);
    expect(loadConfig(registryConfigSchema, env).HTTP_PORT).toBe(3003);
  });
});
