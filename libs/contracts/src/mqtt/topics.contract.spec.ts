import { alarmTopicFilters, deviceTopic, frigateEventsTopic, isAlarmTopic, onvifTopic, parseTopic, presenceTopic } from './topics.contract';

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

  it('parses a relayed Frigate events topic into area and gateway', () => {
    expect(parseTopic('city', 'city/DH-TT/GW-DH-TT-01/frigate/events')).toEqual({
      ok: true,
      topic: { kind: 'frigate', areaCode: 'DH-TT', gatewayId: 'GW-DH-TT-01' },
    });
  });

  it('parses a relayed ONVIF topic into area, gateway and device', () => {
    expect(parseTopic('city', 'city/DH-TT/GW-DH-TT-01/CAM-DH-TT-003/onvif')).toEqual({
      ok: true,
      topic: { kind: 'onvif', areaCode: 'DH-TT', gatewayId: 'GW-DH-TT-01', deviceId: 'CAM-DH-TT-003' },
    });
  });

  it('keeps the channels of a device that is called "frigate"', () => {
    expect(parseTopic('city', 'city/DH-TT/GW-1/frigate/event')).toMatchObject({ ok: true, topic: { kind: 'device', deviceId: 'frigate', channel: 'event' } });
    expect(parseTopic('city', 'city/DH-TT/GW-1/frigate/onvif')).toMatchObject({ ok: true, topic: { kind: 'onvif', deviceId: 'frigate' } });
  });

  it('round-trips the topic builders', () => {
    expect(parseTopic('t1/city', deviceTopic('t1/city', 'A', 'G', 'D', 'event'))).toMatchObject({ ok: true, topic: { channel: 'event' } });
    expect(parseTopic('t1/city', presenceTopic('t1/city', 'A', 'G'))).toMatchObject({ ok: true, topic: { kind: 'presence' } });
    expect(parseTopic('t1/city', frigateEventsTopic('t1/city', 'A', 'G'))).toMatchObject({ ok: true, topic: { kind: 'frigate' } });
    expect(parseTopic('t1/city', onvifTopic('t1/city', 'A', 'G', 'D'))).toMatchObject({ ok: true, topic: { kind: 'onvif', deviceId: 'D' } });
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
    ['city/DH-TT/GW-1/CAM-1/ONVIF', 'unknown_channel'],
    ['city/DH-TT/GW-1/CAM-1/events', 'unknown_channel'],
    ['city/DH-TT/GW-1/frigate/events/extra', 'unknown_topic'],
    ['city/DH-TT/GW-1/frigate/front_door/person', 'unknown_topic'],
    ['city/DH-TT/GW.1/frigate/events', 'unknown_topic'],
    ['city/DH-TT/CAM.1/onvif', 'unknown_topic'],
    ['city/DH-TT/GW-1/CAM.1/onvif', 'unknown_topic'],
  ])('rejects %s as %s', (topic, reason) => {
    expect(parseTopic('city', topic)).toMatchObject({ ok: false, reason });
  });

  it('does not accept a root that is only a prefix of the first segment', () => {
    expect(parseTopic('city', 'cityx/A/G/D/status')).toMatchObject({ ok: false, reason: 'unknown_topic' });
  });
});

describe('alarm topics', () => {
  /** MQTT topic matching (`+` one level, `#` the rest), to check the filters against the predicate. */
  const matches = (filter: string, topic: string): boolean => {
    const f = filter.split('/');
    const t = topic.split('/');
    for (let i = 0; i < f.length; i++) {
      if (f[i] === '#') return true;
      if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
    }
    return f.length === t.length;
  };
  const topics = [
    'city/DH-01/GW-1/CAM-1/event',
    'city/DH-01/GW-1/frigate/events',
    'city/DH-01/GW-1/CAM-1/onvif',
    'city/DH-01/GW-1/CAM-1/status',
    'city/DH-01/GW-1/CAM-1/telemetry',
    'city/DH-01/GW-1/$presence',
    'city/DH-01/GW-1/frigate/status',
    'city/DH-01/GW-1/CAM-1/bogus',
    'city/DH-01/GW-1/CAM-1/event/extra',
    'other/DH-01/GW-1/CAM-1/event',
  ];

  it('reads events, Frigate and ONVIF, and nothing else, on the alarm sessions', () => {
    const alarms = topics.filter((t) => alarmTopicFilters('city').some((f) => matches(f, t)));
    expect(alarms).toEqual(['city/DH-01/GW-1/CAM-1/event', 'city/DH-01/GW-1/frigate/events', 'city/DH-01/GW-1/CAM-1/onvif']);
  });

  it('tells an alarm topic exactly as the filters do, so every alarm is counted on one lane', () => {
    for (const t of topics) expect([t, isAlarmTopic('city', t)]).toEqual([t, alarmTopicFilters('city').some((f) => matches(f, t))]);
  });
});
