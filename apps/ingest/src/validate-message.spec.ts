import { MQTT_MAX_PAYLOAD_BYTES } from '@ioc/contracts';
import { validateMessage } from './validate-message';

const topic = 'city/DH-TT/GW-1/CAM-1/status';
const body = (v: unknown) => Buffer.from(JSON.stringify(v));
const ts = '2026-11-27T08:00:00Z';

describe('ingest message validation', () => {
  it('accepts a valid status with its ids', () => {
    expect(validateMessage('city', topic, body({ id: 'm1', ts, online: true }))).toMatchObject({
      ok: true,
      kind: 'device',
      areaCode: 'DH-TT',
      gatewayId: 'GW-1',
      deviceId: 'CAM-1',
      channel: 'status',
      messageId: 'm1',
    });
  });

  it('accepts presence as a bare word, with surrounding whitespace', () => {
    expect(validateMessage('city', 'city/DH-TT/GW-1/$presence', Buffer.from('offline\n'))).toMatchObject({ ok: true, kind: 'presence', state: 'offline' });
  });

  it('rejects a payload over 16 KiB before looking at anything else', () => {
    const big = Buffer.alloc(MQTT_MAX_PAYLOAD_BYTES + 1, 'x');
    expect(validateMessage('city', 'nowhere', big)).toMatchObject({ ok: false, reason: 'payload_too_large' });
    const json = body({ id: 'a', ts });
    const exactlyAtLimit = Buffer.concat([json, Buffer.alloc(MQTT_MAX_PAYLOAD_BYTES - json.length, ' ')]);
    expect(exactlyAtLimit.length).toBe(MQTT_MAX_PAYLOAD_BYTES);
    expect(validateMessage('city', topic, exactlyAtLimit).ok).toBe(true);
  });

  it('rejects malformed JSON, naming the parse error', () => {
    const r = validateMessage('city', topic, Buffer.from('{"id": '));
    expect(r).toMatchObject({ ok: false, reason: 'malformed_json' });
  });

  it('rejects a schema violation with the field path', () => {
    const r = validateMessage('city', topic, body({ id: 'm', ts, temperatureC: 'hot' }));
    expect(r).toMatchObject({ ok: false, reason: 'schema_violation' });
    if (!r.ok) expect(r.detail).toMatch(/^temperatureC: /);
  });

  it('rejects an unknown channel and an unknown topic', () => {
    expect(validateMessage('city', 'city/DH-TT/GW-1/CAM-1/logs', body({ id: 'm', ts }))).toMatchObject({ ok: false, reason: 'unknown_channel' });
    expect(validateMessage('city', 'city/DH-TT/GW-1', body({ id: 'm', ts }))).toMatchObject({ ok: false, reason: 'unknown_topic' });
  });

  it('rejects presence that is neither online nor offline', () => {
    expect(validateMessage('city', 'city/DH-TT/GW-1/$presence', Buffer.from('{"state":"online"}'))).toMatchObject({ ok: false, reason: 'schema_violation' });
  });

  it('treats a JSON array or string as a schema violation, not a crash', () => {
    expect(validateMessage('city', topic, Buffer.from('[1,2]'))).toMatchObject({ ok: false, reason: 'schema_violation' });
    expect(validateMessage('city', topic, Buffer.from('"hello"'))).toMatchObject({ ok: false, reason: 'schema_violation' });
    expect(validateMessage('city', topic, Buffer.from('null'))).toMatchObject({ ok: false, reason: 'schema_violation' });
  });
});
