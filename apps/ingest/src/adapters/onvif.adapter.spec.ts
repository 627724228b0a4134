import { DeviceEventPayloadV1 } from '@ioc/contracts';
import { mapOnvifNotification, onvifMessageId, onvifTopicKey, type OnvifMapping } from './onvif.adapter';
import cellMotion from './fixtures/onvif-cell-motion.json';
import sceneChange from './fixtures/onvif-global-scene-change.json';
import processorUsage from './fixtures/onvif-processor-usage.json';
import signalLossFalse from './fixtures/onvif-signal-loss-false.json';
import signalLossTrue from './fixtures/onvif-signal-loss-true.json';
import storageFailure from './fixtures/onvif-storage-failure.json';
import tamperDetector from './fixtures/onvif-tamper-detector.json';

function eventOf(mapping: OnvifMapping) {
  if (!mapping.ok) throw new Error(`expected an event, got ${mapping.reason}: ${mapping.detail}`);
  expect(DeviceEventPayloadV1.parse(mapping.payload)).toEqual({ ok: true, value: mapping.payload });
  return mapping.payload;
}

describe('ONVIF adapter', () => {
  it('maps SignalLoss State true to a video_loss start, keeping the id, the time and the ONVIF items', () => {
    expect(eventOf(mapOnvifNotification(signalLossTrue))).toEqual({
      id: '01JDQ7Y3A5C7E9G1J3K5M7N9P1',
      ts: '2025-03-01T00:20:00.412Z',
      type: 'video_loss',
      state: 'start',
      attributes: {
        adapter: 'onvif',
        onvifTopic: 'tns1:VideoSource/SignalLoss',
        onvifSource: { Source: 'VideoSource_1' },
        onvifData: { State: true },
        propertyOperation: 'Changed',
      },
    });
  });

  it('maps SignalLoss State false to a video_loss end', () => {
    expect(eventOf(mapOnvifNotification(signalLossFalse))).toMatchObject({ id: '01JDQ7Z8B0D2F4H6K8M0N2Q4S6', type: 'video_loss', state: 'end' });
  });

  it('maps a global scene change and the tamper detector to tamper, reading "true" and "1" as true', () => {
    expect(eventOf(mapOnvifNotification(sceneChange))).toMatchObject({ type: 'tamper', state: 'start' });
    expect(eventOf(mapOnvifNotification(tamperDetector))).toMatchObject({ type: 'tamper', state: 'start' });
    expect(eventOf(mapOnvifNotification({ ...tamperDetector, data: { IsTamper: 'false' } }))).toMatchObject({ type: 'tamper', state: 'end' });
  });

  it('maps a storage failure (Failed) to storage_failure', () => {
    expect(eventOf(mapOnvifNotification(storageFailure))).toMatchObject({ id: 'hik-7781-storage-1', ts: '2025-03-01T02:00:00+07:00', type: 'storage_failure', state: 'start' });
  });

  it('maps both motion topics to motion', () => {
    expect(eventOf(mapOnvifNotification(cellMotion))).toMatchObject({ type: 'motion', state: 'start' });
    expect(eventOf(mapOnvifNotification({ ts: '2025-03-01T02:11:00Z', topic: 'tns1:VideoSource/MotionAlarm', source: { Source: 'VideoSource_1' }, data: { State: false } }))).toMatchObject({
      type: 'motion',
      state: 'end',
    });
  });

  it('rejects a topic it does not map as unsupported_event, listing the ones it does', () => {
    const r = mapOnvifNotification(processorUsage);
    expect(r).toMatchObject({ ok: false, reason: 'unsupported_event' });
    if (!r.ok) expect(r.detail).toContain('"tns1:Monitoring/ProcessorUsage" is not mapped; mapped topics: tns1:VideoSource/SignalLoss');
  });

  it('rejects a mapped topic whose state item is missing or not a boolean, naming the item', () => {
    expect(mapOnvifNotification({ ...signalLossTrue, data: { IsMotion: true } })).toMatchObject({
      ok: false,
      reason: 'schema_violation',
      detail: expect.stringMatching(/^data\.State: .*it is missing$/),
    });
    expect(mapOnvifNotification({ ...signalLossTrue, data: { State: 'lost' } })).toMatchObject({ ok: false, reason: 'schema_violation', detail: expect.stringContaining('got "lost"') });
  });

  it('rejects a notification without topic or UtcTime as a schema violation', () => {
    const r = mapOnvifNotification({ data: { State: true } });
    expect(r).toMatchObject({ ok: false, reason: 'schema_violation' });
    if (!r.ok) expect(r.detail).toMatch(/ts: .*topic: /);
  });

  it('ends the condition when the property is deleted', () => {
    expect(eventOf(mapOnvifNotification({ ts: '2025-03-01T03:00:00Z', topic: 'tns1:VideoSource/SignalLoss', source: { Source: 'VideoSource_1' }, propertyOperation: 'Deleted' }))).toMatchObject({
      type: 'video_loss',
      state: 'end',
    });
  });

  describe('message ids', () => {
    it('derives a stable id when the relay sends none: the same notification twice gets the same id', () => {
      const first = eventOf(mapOnvifNotification(sceneChange));
      const again = eventOf(mapOnvifNotification({ ...sceneChange, source: { ...sceneChange.source } }));
      expect(first.id).toMatch(/^onvif:[0-9a-f]{32}$/);
      expect(again.id).toBe(first.id);
    });

    it('derives different ids for the start and the end, another time, and another video source', () => {
      const start = onvifMessageId('VideoSource/SignalLoss', { Source: 'VideoSource_1' }, '2025-03-01T00:20:00Z', 'start');
      expect(onvifMessageId('VideoSource/SignalLoss', { Source: 'VideoSource_1' }, '2025-03-01T00:20:00Z', 'end')).not.toBe(start);
      expect(onvifMessageId('VideoSource/SignalLoss', { Source: 'VideoSource_1' }, '2025-03-01T00:20:01Z', 'start')).not.toBe(start);
      expect(onvifMessageId('VideoSource/SignalLoss', { Source: 'VideoSource_2' }, '2025-03-01T00:20:00Z', 'start')).not.toBe(start);
    });

    it('does not depend on the order of the source items', () => {
      expect(onvifMessageId('T', { a: '1', b: '2' }, '2025-03-01T00:20:00Z', 'start')).toBe(onvifMessageId('T', { b: '2', a: '1' }, '2025-03-01T00:20:00Z', 'start'));
    });
  });

  it('reads the topic with or without the tns1: prefix, also on every level', () => {
    expect(onvifTopicKey('tns1:VideoSource/SignalLoss')).toBe('VideoSource/SignalLoss');
    expect(onvifTopicKey('VideoSource/SignalLoss')).toBe('VideoSource/SignalLoss');
    expect(onvifTopicKey('tns1:Device/tns1:HardwareFailure/tns1:StorageFailure')).toBe('Device/HardwareFailure/StorageFailure');
    expect(eventOf(mapOnvifNotification({ ...signalLossTrue, topic: 'VideoSource/SignalLoss' }))).toMatchObject({ type: 'video_loss' });
  });
});
