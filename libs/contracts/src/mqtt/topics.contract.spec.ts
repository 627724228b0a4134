import { deviceTopic, parseTopic, presenceTopic } from './topics.contract';

describe('MQTT topic scheme', () => {
  it('parses a device topic into area, gateway, device and channel', () => {
    expect(parseTopic('city', 'city/DH-TT/GW-DH-TT-01/CAM-DH-TT-001/status')).toEqual({
      ok: true,
      topic: { kind: 'device', areaCode: 'DH-TT', gatewayId: 'GW-DH-TT-01', deviceId: 'CAM-DH-TT-001', channel: 'status' },
    });
  });

  it('parses the presence topic', () => {
    expect(parseTopic('city', 'city/DH-TT/GW-DH-TT-01/$presence')).toEqual({
      ok: true,
      topic: { kind: 'presence', areaCode: 'DH-TT', gatewayId: 'GW-DH-TT-01' },
    });
  });

  it('round-trips the topic builders', () => {
    expect(parseTopic('t1/city', deviceTopic('t1/city', 'A', 'G', 'D', 'event'))).toMatchObject({ ok: true, topic: { channel: 'event' } });
    expect(parseTopic('t1/city', presenceTopic('t1/city', 'A', 'G'))).toMatchObject({ ok: true, topic: { kind: 'presence' } });
  });

  it.each([
    ['city/DH-TT/GW-1/CAM-1/video', 'unknown_channel'],
    ['city/DH-TT/GW-1/CAM-1/status/extra', 'unknown_topic'],
    ['city/DH-TT/GW-1', 'unknown_topic'],
    ['other/DH-TT/GW-1/CAM-1/status', 'unknown_topic'],
    ['city/DH TT/GW-1/CAM-1/status', 'unknown_topic'],
    ['city/DH-TT/GW.1/CAM-1/status', 'unknown_topic'],
    ['city/DH-TT/GW-1/$presence/x', 'unknown_topic'],
    ['city/Đồng-Hới/GW-1/CAM-1/status', 'unknown_topic'],
  ])('rejects %s as %s', (topic, reason) => {
    expect(parseTopic('city', topic)).toMatchObject({ ok: false, reason });
  });

  it('does not accept a root that is only a prefix of the first segment', () => {
    expect(parseTopic('city', 'cityx/A/G/D/status')).toMatchObject({ ok: false, reason: 'unknown_topic' });
  });
});
