import { composeEnvironment } from '@ioc/testing';
import { loadConfig } from '@ioc/platform';
import { ingestConfigSchema } from './ingest.config';

describe('ingest configuration', () => {
  it('defaults to port 3002, as the brief and docker-compose.yml say', () => {
    const env = { MQTT_USERNAME: 'u', MQTT_PASSWORD: 'p' };
    expect(loadConfig(ingestConfigSchema, env).HTTP_PORT).toBe(3002);
  });

  it('accepts the environment docker-compose.yml gives it, and every variable there is one it reads', () => {
    const env = composeEnvironment('ingest');
    const known = Object.keys(ingestConfigSchema.shape);
    expect(Object.keys(env).filter((k) => !known.includes(k))).toEqual([]);
    expect(loadConfig(ingestConfigSchema, env).HTTP_PORT).toBe(3002);
  });
});
