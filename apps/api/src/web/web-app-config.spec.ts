// /app-config.json: what the web app is told at start, from the api's configuration.
import { apiConfigSchema } from '../api.config';
import { WebAppController } from './web-app';

const config = (env: Record<string, string>) => apiConfigSchema.parse({ JWT_SECRET: 'a-test-secret-of-at-least-32-characters', ...env });

describe('the web app configuration', () => {
  it('tells the broker address gateways use, MQTT_URL by default', () => {
    expect(new WebAppController(config({ MQTT_URL: 'mqtt://127.0.0.1:28830' })).appConfig()).toMatchObject({ realtimeUrl: 'http://127.0.0.1:3001', mqttUrl: 'mqtt://127.0.0.1:28830' });
    expect(new WebAppController(config({})).appConfig().mqttUrl).toBe('mqtt://127.0.0.1:18830');
  });

  it('tells MQTT_PUBLIC_URL instead when gateways reach the broker by another address', () => {
    expect(new WebAppController(config({ MQTT_URL: 'mqtt://mosquitto:18830', MQTT_PUBLIC_URL: 'mqtts://mqtt.ioc.quangbinh.gov.vn:8883' })).appConfig().mqttUrl).toBe('mqtts://mqtt.ioc.quangbinh.gov.vn:8883');
  });

  it('refuses a public address that is not an MQTT URL', () => {
    expect(() => config({ MQTT_PUBLIC_URL: 'http://example.vn' })).toThrow(/MQTT_PUBLIC_URL|mqtt:\/\//);
  });
});
