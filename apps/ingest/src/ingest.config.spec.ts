import { ConfigError, loadConfig } from '@ioc/platform';
import { describeAppConfig } from '@ioc/testing';
import { ingestConfigSchema } from './ingest.config';

const required = { MQTT_USERNAME: 'u', MQTT_PASSWORD: 'p' };

describeAppConfig('ingest', ingestConfigSchema, 3002, required);

describe('ingest adapter configuration', () => {
  it('defaults to the documented Frigate mapping, a 60 s camera cache and a 3 s lookup', () => {
    const config = loadConfig(ingestConfigSchema, required);
    expect(config).toMatchObject({
      FRIGATE_CAMERA_CACHE_TTL_S: 60,
      FRIGATE_LOOKUP_TIMEOUT_MS: 3000,
      FRIGATE_INTRUSION_LABELS: ['person'],
      FRIGATE_INTRUSION_ZONES: ['*'],
      FRIGATE_PARKING_LABELS: ['car', 'truck', 'bus', 'motorcycle'],
      FRIGATE_PARKING_ZONES: ['no_parking'],
    });
    expect(config.FRIGATE_SNAPSHOT_BASE_URL).toBeUndefined();
  });

  it('reads lists with spaces and empty entries, and an empty value as the empty list', () => {
    const config = loadConfig(ingestConfigSchema, { ...required, FRIGATE_PARKING_LABELS: ' car , ,bus', FRIGATE_INTRUSION_LABELS: '' });
    expect(config.FRIGATE_PARKING_LABELS).toEqual(['car', 'bus']);
    expect(config.FRIGATE_INTRUSION_LABELS).toEqual([]);
  });

  it('accepts a snapshot URL template and refuses anything but http(s), naming the variable', () => {
    expect(loadConfig(ingestConfigSchema, { ...required, FRIGATE_SNAPSHOT_BASE_URL: 'http://{gatewayId}.gw.local:5000' }).FRIGATE_SNAPSHOT_BASE_URL).toBe('http://{gatewayId}.gw.local:5000');
    expect(() => loadConfig(ingestConfigSchema, { ...required, FRIGATE_SNAPSHOT_BASE_URL: 'ftp://frigate' })).toThrow(ConfigError);
    expect(() => loadConfig(ingestConfigSchema, { ...required, FRIGATE_SNAPSHOT_BASE_URL: 'ftp://frigate' })).toThrow(/FRIGATE_SNAPSHOT_BASE_URL/);
    expect(() => loadConfig(ingestConfigSchema, { ...required, FRIGATE_LOOKUP_TIMEOUT_MS: '10' })).toThrow(/FRIGATE_LOOKUP_TIMEOUT_MS/);
  });
});
