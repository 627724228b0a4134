import { MQTT_MAX_PAYLOAD_BYTES } from '@ioc/contracts';
import { DEFAULT_FRIGATE_MAPPING } from './adapters/frigate.adapter';
import frigateNew from './adapters/fixtures/frigate-new-person-in-zone.json';
import frigateUpdate from './adapters/fixtures/frigate-update-person-in-zone.json';
import onvifProcessor from './adapters/fixtures/onvif-processor-usage.json';
import onvifSignalLoss from './adapters/fixtures/onvif-signal-loss-true.json';
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

  describe('relayed Frigate events', () => {
    const frigateTopic = 'city/DH-TT/GW-1/frigate/events';

    it('maps a Frigate event and leaves the device to the register lookup', () => {
      expect(validateMessage('city', frigateTopic, body(frigateNew))).toMatchObject({
        ok: true,
        kind: 'frigate',
        areaCode: 'DH-TT',
        gatewayId: 'GW-1',
        outcome: { kind: 'event', camera: 'cong_chinh', payload: { id: 'frigate:1740788400.123456-k3x9qz:start', type: 'intrusion', state: 'start' } },
      });
    });

    it('passes on an update that raises nothing as ignored, not as a rejection', () => {
      expect(validateMessage('city', frigateTopic, body(frigateUpdate))).toMatchObject({ ok: true, kind: 'frigate', outcome: { kind: 'ignored', why: 'update' } });
    });

    it('uses the mapping it is given', () => {
      const noIntrusion = { ...DEFAULT_FRIGATE_MAPPING, intrusionLabels: [] };
      expect(validateMessage('city', frigateTopic, body(frigateNew), noIntrusion)).toMatchObject({ ok: true, outcome: { kind: 'ignored', why: 'unmapped_label' } });
    });

    it('rejects malformed JSON and a payload that is not a Frigate event', () => {
      expect(validateMessage('city', frigateTopic, Buffer.from('{"type":'))).toMatchObject({ ok: false, reason: 'malformed_json' });
      const r = validateMessage('city', frigateTopic, body({ type: 'new', after: { camera: 'cong_chinh' } }));
      expect(r).toMatchObject({ ok: false, reason: 'schema_violation' });
      if (!r.ok) expect(r.detail).toContain('after.id: ');
    });
  });

  describe('relayed ONVIF notifications', () => {
    const onvifTopic = 'city/DH-TT/GW-1/CAM-1/onvif';

    it('turns a notification into an ordinary event of its device', () => {
      expect(validateMessage('city', onvifTopic, body(onvifSignalLoss))).toMatchObject({
        ok: true,
        kind: 'device',
        adapter: 'onvif',
        areaCode: 'DH-TT',
        gatewayId: 'GW-1',
        deviceId: 'CAM-1',
        channel: 'event',
        messageId: '01JDQ7Y3A5C7E9G1J3K5M7N9P1',
        payload: { type: 'video_loss', state: 'start', ts: '2025-03-01T00:20:00.412Z' },
      });
    });

    it('rejects an unmapped ONVIF topic as unsupported_event', () => {
      expect(validateMessage('city', onvifTopic, body(onvifProcessor))).toMatchObject({ ok: false, reason: 'unsupported_event' });
    });

    it('rejects an id the event contract would refuse', () => {
      const r = validateMessage('city', onvifTopic, body({ ...onvifSignalLoss, id: 'x'.repeat(129) }));
      expect(r).toMatchObject({ ok: false, reason: 'schema_violation' });
    });
  });
});
