import { DeviceEventPayloadV1 } from '@ioc/contracts';
import { DEFAULT_FRIGATE_MAPPING, mapFrigateEvent, parseFrigateEvent, type FrigateMapping, type FrigateOutcome } from './frigate.adapter';
import carStops from './fixtures/frigate-update-car-stops-in-no-parking.json';
import dogInZone from './fixtures/frigate-new-dog-in-zone.json';
import endPerson from './fixtures/frigate-end-person.json';
import falsePositive from './fixtures/frigate-false-positive.json';
import motorcyclePassing from './fixtures/frigate-new-motorcycle-passing-no-parking.json';
import newInZone from './fixtures/frigate-new-person-in-zone.json';
import newOutside from './fixtures/frigate-new-person-outside-zone.json';
import entersZone from './fixtures/frigate-update-person-enters-zone.json';
import updateInZone from './fixtures/frigate-update-person-in-zone.json';

const where = { areaCode: 'DH-TT', gatewayId: 'GW-DH-TT-01' };

function map(fixture: unknown, mapping: FrigateMapping = DEFAULT_FRIGATE_MAPPING): FrigateOutcome {
  const parsed = parseFrigateEvent(fixture);
  if (!parsed.ok) throw new Error(`fixture does not parse: ${parsed.detail}`);
  return mapFrigateEvent(parsed.message, mapping, where);
}

function eventOf(outcome: FrigateOutcome) {
  if (outcome.kind !== 'event') throw new Error(`expected an event, got ignored (${outcome.why})`);
  // Whatever the adapter makes must pass the gateway `event` contract unchanged.
  expect(DeviceEventPayloadV1.parse(outcome.payload)).toEqual({ ok: true, value: outcome.payload });
  return outcome.payload;
}

describe('Frigate adapter', () => {
  describe('intrusion', () => {
    it('maps a new person in a zone to an intrusion start, with a stable id, the start time and the top score', () => {
      const outcome = map(newInZone);
      expect(outcome.camera).toBe('cong_chinh');
      expect(eventOf(outcome)).toEqual({
        id: 'frigate:1740788400.123456-k3x9qz:start',
        ts: '2025-03-01T00:20:00.123Z',
        type: 'intrusion',
        state: 'start',
        confidence: 0.8671875,
        attributes: {
          adapter: 'frigate',
          frigateEventId: '1740788400.123456-k3x9qz',
          frigateCamera: 'cong_chinh',
          label: 'person',
          subLabel: null,
          zones: ['khu_vuc_cam'],
        },
      });
    });

    it('maps the end of that person to an intrusion end at end_time', () => {
      expect(eventOf(map(endPerson))).toMatchObject({
        id: 'frigate:1740788400.123456-k3x9qz:end',
        ts: '2025-03-01T00:20:32.010Z',
        type: 'intrusion',
        state: 'end',
      });
    });

    it('raises nothing new for an update of a person already in the zone', () => {
      expect(map(updateInZone)).toEqual({ kind: 'ignored', camera: 'cong_chinh', why: 'update' });
    });

    it('raises nothing for a person outside every zone, and the start when they step into one', () => {
      expect(map(newOutside)).toMatchObject({ kind: 'ignored', why: 'outside_zone' });
      expect(eventOf(map(entersZone))).toMatchObject({
        id: 'frigate:1740788400.123456-k3x9qz:start',
        ts: '2025-03-01T00:20:06.500Z',
        type: 'intrusion',
        state: 'start',
      });
    });

    it('gives the new and the entering update the same id, so the dedupe keeps one start', () => {
      expect(eventOf(map(newInZone)).id).toBe(eventOf(map(entersZone)).id);
    });

    it('keeps the sub label of Frigate 0.13+ ([name, score]) and of older versions (a string)', () => {
      const withTuple = { ...newInZone, after: { ...newInZone.after, sub_label: ['nhan_vien_bao_ve', 0.91] } };
      expect(eventOf(map(withTuple)).attributes).toMatchObject({ subLabel: 'nhan_vien_bao_ve' });
      const withString = { ...newInZone, after: { ...newInZone.after, sub_label: 'nhan_vien_bao_ve' } };
      expect(eventOf(map(withString)).attributes).toMatchObject({ subLabel: 'nhan_vien_bao_ve' });
    });

    it('only counts the configured zones when FRIGATE_INTRUSION_ZONES names some', () => {
      const mapping = { ...DEFAULT_FRIGATE_MAPPING, intrusionZones: ['restricted'] };
      expect(map(newInZone, mapping)).toMatchObject({ kind: 'ignored', why: 'outside_zone' });
      const restricted = { ...newInZone, after: { ...newInZone.after, current_zones: ['Restricted_Gate'] } };
      expect(map(restricted, mapping)).toMatchObject({ kind: 'event', payload: { type: 'intrusion' } });
    });
  });

  describe('illegal parking', () => {
    it('maps a car that comes to a stop in a no_parking zone to an illegal_parking start', () => {
      const outcome = map(carStops);
      expect(outcome.camera).toBe('cho_dong_hoi');
      expect(eventOf(outcome)).toMatchObject({
        id: 'frigate:1740789000.250000-car7q2:start',
        ts: '2025-03-01T00:31:35.500Z',
        type: 'illegal_parking',
        state: 'start',
        confidence: 0.93,
        attributes: { label: 'car', zones: ['no_parking_cong_cho'] },
      });
    });

    it('raises nothing for a motorcycle that only passes through', () => {
      expect(map(motorcyclePassing)).toMatchObject({ kind: 'ignored', why: 'not_stationary' });
    });

    it('ends the parking when the car is gone, even if it drove off first', () => {
      const end = { type: 'end', before: carStops.after, after: { ...carStops.after, stationary: false, current_zones: [], end_time: 1740789400.5 } };
      expect(eventOf(map(end))).toMatchObject({ id: 'frigate:1740789000.250000-car7q2:end', type: 'illegal_parking', state: 'end', ts: '2025-03-01T00:36:40.500Z' });
    });

    it('raises nothing for a vehicle in a zone that is not a parking zone', () => {
      const elsewhere = { ...carStops, after: { ...carStops.after, current_zones: ['lan_duong'], entered_zones: ['lan_duong'] } };
      expect(map(elsewhere)).toMatchObject({ kind: 'ignored', why: 'outside_zone' });
    });
  });

  describe('what raises nothing', () => {
    it('ignores a false positive', () => {
      expect(map(falsePositive)).toEqual({ kind: 'ignored', camera: 'cong_chinh', why: 'false_positive' });
    });

    it('ignores a label it does not map', () => {
      expect(map(dogInZone)).toEqual({ kind: 'ignored', camera: 'cong_chinh', why: 'unmapped_label' });
    });

    it('maps nothing when a list is configured empty', () => {
      expect(map(newInZone, { ...DEFAULT_FRIGATE_MAPPING, intrusionLabels: [] })).toMatchObject({ kind: 'ignored', why: 'unmapped_label' });
    });
  });

  it('links the snapshot on the gateway’s Frigate when FRIGATE_SNAPSHOT_BASE_URL is set', () => {
    const mapping = { ...DEFAULT_FRIGATE_MAPPING, snapshotBaseUrl: 'http://{gatewayId}.gw.local:5000/' };
    expect(eventOf(map(newInZone, mapping)).snapshotUrl).toBe('http://GW-DH-TT-01.gw.local:5000/api/events/1740788400.123456-k3x9qz/snapshot.jpg');
    expect(eventOf(map(newInZone)).snapshotUrl).toBeUndefined();
  });

  it('rejects a message that is not Frigate’s event shape, naming the fields', () => {
    expect(parseFrigateEvent({ type: 'created', after: { id: 'x' } })).toMatchObject({ ok: false });
    const r = parseFrigateEvent({ type: 'new', after: { ...newInZone.after, start_time: '10:00', camera: undefined } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.detail).toMatch(/after\.camera: .*after\.start_time: |after\.start_time: .*after\.camera: /);
  });
});
