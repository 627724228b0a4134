import { DEVICE_PARTITIONS, fnv1a32, partitionOfArea, partitionToken } from './partitions.contract';
import { natsStreams, natsSubjects } from './subjects.contract';

describe('device partitions', () => {
  it('hashes with 32-bit FNV-1a (the published test vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('hashes the UTF-8 bytes, so codes with diacritics are stable across languages', () => {
    // "Đ" is two bytes in UTF-8 (0xC4 0x90).
    const manual = [0xc4, 0x90].reduce((h, b) => Math.imul(h ^ b, 0x01000193) >>> 0, 0x811c9dc5);
    expect(fnv1a32('Đ')).toBe(manual);
  });

  it('puts an area in the same partition every time, within range', () => {
    for (const code of ['BD-TT', 'DH-CHO', 'QN-KCN', 'x']) {
      const p = partitionOfArea(code);
      expect(p).toBe(partitionOfArea(code));
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(DEVICE_PARTITIONS);
    }
  });

  it('spreads many areas over every partition', () => {
    const counts = new Array(DEVICE_PARTITIONS).fill(0);
    for (let i = 0; i < 1600; i++) counts[partitionOfArea(`AREA-${i}`)]++;
    expect(Math.min(...counts)).toBeGreaterThan(50);
    expect(Math.max(...counts)).toBeLessThan(150);
  });

  it('names a partition p<k>', () => {
    expect(partitionToken(0)).toBe('p0');
    expect(partitionToken(15)).toBe('p15');
  });
});

describe('partitioned subjects', () => {
  const s = natsSubjects('ioc');
  const p = partitionToken(partitionOfArea('BD-TT'));

  it('carries the area partition in device messages, presence and status changes', () => {
    expect(s.deviceMessage('BD-TT', 'GW1', 'CAM1', 'status')).toBe(`ioc.device.v1.${p}.BD-TT.GW1.CAM1.status`);
    expect(s.gatewayPresence('BD-TT', 'GW1')).toBe(`ioc.device.v1.${p}.BD-TT.GW1.presence`);
    expect(s.deviceStatusChanged('BD-TT')).toBe(`ioc.state.device-status.v1.${p}.BD-TT`);
  });

  it('tells presence from device messages by shape, whatever the ids', () => {
    expect(s.isGatewayPresence(s.gatewayPresence('BD-TT', 'GW1'))).toBe(true);
    expect(s.isGatewayPresence(s.deviceMessage('BD-TT', 'GW1', 'presence', 'status'))).toBe(false);
    expect(s.isGatewayPresence(s.deviceMessage('BD-TT', 'GW1', 'CAM1', 'event'))).toBe(false);
    expect(s.isDeviceEvent(s.deviceMessage('BD-TT', 'GW1', 'CAM1', 'event'))).toBe(true);
    expect(s.isDeviceEvent(s.deviceMessage('BD-TT', 'GW1', 'event', 'status'))).toBe(false);
    expect(s.isDeviceEvent(s.gatewayPresence('BD-TT', 'event'))).toBe(false);
  });

  it('has one filter per partition that is inside the device stream', () => {
    const k = partitionOfArea('BD-TT');
    expect(s.devicePartition(k)).toBe(`ioc.device.v1.${p}.>`);
    expect(s.deviceStatusChangedOfPartition(k)).toBe(`ioc.state.device-status.v1.${p}.>`);
    expect(natsStreams('ioc').device.subjects).toEqual(['ioc.device.v1.>']);
  });
});
