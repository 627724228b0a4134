// Gateways relay what they already speak: their Frigate NVR's events and their cameras' ONVIF
// notifications. The ingest turns both into ordinary `event` messages of the registered
// device on the JetStream device stream, so the registry (and everything after it) sees one
// format; a Frigate camera nobody registered, an unmapped ONVIF topic and a registry that
// does not answer are rejected with their own reasons.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { DeviceMessageV1, frigateEventsTopic, natsStreams, natsSubjects, onvifTopic, type DeviceMessage, type IngestRejected } from '@ioc/contracts';
import { AppProcess, mosquittoPub, REPO_ROOT, waitFor } from '@ioc/testing';
import { createTestContext, migrateAndSeed, startApp, type TestContext } from './support/platform';

/** The adapters' unit-test fixtures: real Frigate and ONVIF shapes (apps/ingest/src/adapters/fixtures). */
const fixture = <T = Record<string, unknown>>(name: string): T =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'apps', 'ingest', 'src', 'adapters', 'fixtures', `${name}.json`), 'utf8')) as T;
type FrigateFixture = { type: string; before: Record<string, unknown>; after: Record<string, unknown> };
const frigateNew = fixture<FrigateFixture>('frigate-new-person-in-zone');
const frigateUpdate = fixture<FrigateFixture>('frigate-update-person-in-zone');
const frigateEnd = fixture<FrigateFixture>('frigate-end-person');
const signalLossStart = fixture('onvif-signal-loss-true');
const signalLossEnd = fixture('onvif-signal-loss-false');
const onvifProcessor = fixture('onvif-processor-usage');

const AREA = 'DH-ADP';
const GW = 'GW-DH-ADP-01';
/** Known to the gateway's Frigate as `cong_chinh` (the fixtures' camera). */
const FRIGATE_CAM = 'CAM-ADP-001';
const ONVIF_CAM = 'CAM-ADP-002';

let ctx: TestContext;
let registry: AppProcess;
let ingest: AppProcess;
let nc: NatsConnection;
let pg: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  await migrateAndSeed(ctx, {
    areas: [{ code: AREA, name: 'Cổng chính UBND tỉnh (thử nghiệm)', district: 'Thành phố Đồng Hới', category: 'public_building' }],
    gateways: [{ id: GW, areaCode: AREA, name: 'Gateway adapters' }],
    devices: [
      { id: FRIGATE_CAM, gatewayId: GW, areaCode: AREA, kind: 'camera', name: 'Camera cổng chính', frigateCamera: 'cong_chinh' },
      { id: ONVIF_CAM, gatewayId: GW, areaCode: AREA, kind: 'camera', name: 'Camera hành lang' },
    ],
  });
  [registry, ingest] = await Promise.all([startApp('registry', ctx), startApp('ingest', ctx, { FRIGATE_LOOKUP_TIMEOUT_MS: '1000' })]);
  nc = await connect({ servers: ctx.natsUrl });
  pg = new Client({ connectionString: ctx.databaseUrl });
  await pg.connect();
});

afterAll(async () => {
  await ingest?.stop();
  await registry?.stop();
  await nc?.close();
  await pg?.end();
  await ctx?.cleanup();
});

async function streamMessages<T>(stream: string, subject?: string): Promise<T[]> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(stream);
  const out: T[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (subject === undefined || m.subject === subject) out.push(JSON.parse(new TextDecoder().decode(m.data)));
  }
  return out;
}

/** The `event` messages of one device on the JetStream device stream, checked against the contract. */
async function eventsOf(deviceId: string): Promise<DeviceMessage[]> {
  const subject = natsSubjects(ctx.natsPrefix).deviceMessage(AREA, GW, deviceId, 'event');
  const messages = await streamMessages<unknown>(natsStreams(ctx.natsPrefix).device.name, subject);
  return messages.map((m) => {
    const parsed = DeviceMessageV1.parse(m);
    if (!parsed.ok) throw new Error(`not a DeviceMessageV1: ${JSON.stringify(parsed.issues)}`);
    return parsed.value;
  });
}

async function eventCount(deviceId: string, n: number): Promise<DeviceMessage[]> {
  return waitFor(`${n} event message(s) of ${deviceId} on the device stream`, async () => {
    const events = await eventsOf(deviceId);
    return events.length >= n ? events : undefined;
  });
}

async function lastReject(reason: string): Promise<IngestRejected | undefined> {
  const rejects = await streamMessages<IngestRejected>(natsStreams(ctx.natsPrefix).rejects.name);
  return rejects.filter((r) => r.reason === reason).pop();
}

async function rejectedWith(reason: string, publish: () => Promise<void>): Promise<IngestRejected | undefined> {
  const before = await ingest.metric('ioc_ingest_rejected_total', { reason });
  await publish();
  await waitFor(`a ${reason} rejection to be counted`, async () => (await ingest.metric('ioc_ingest_rejected_total', { reason })) === before + 1);
  return lastReject(reason);
}

const frigate = (): string => frigateEventsTopic(ctx.topicRoot, AREA, GW);
const onvif = (deviceId: string): string => onvifTopic(ctx.topicRoot, AREA, GW, deviceId);
const json = (v: unknown): string => JSON.stringify(v);

describe('ingest adapters for Frigate and ONVIF', () => {
  it('publishes a Frigate person entering a zone as an intrusion start of the camera registered under that Frigate name', async () => {
    await mosquittoPub(ctx.mqtt, frigate(), json(frigateNew));
    const [event] = await eventCount(FRIGATE_CAM, 1);
    expect(event).toMatchObject({
      messageId: 'frigate:1740788400.123456-k3x9qz:start',
      areaCode: AREA,
      gatewayId: GW,
      deviceId: FRIGATE_CAM,
      channel: 'event',
      payload: {
        id: 'frigate:1740788400.123456-k3x9qz:start',
        ts: '2025-03-01T00:20:00.123Z',
        type: 'intrusion',
        state: 'start',
        confidence: 0.8671875,
        attributes: { adapter: 'frigate', frigateCamera: 'cong_chinh', label: 'person', zones: ['khu_vuc_cam'] },
      },
    });
    expect(await ingest.metric('ioc_ingest_frigate_lookups_total', { result: 'registry' })).toBe(1);
  });

  it('drops the repeated Frigate message, raises nothing for an update, and ends the intrusion', async () => {
    const duplicates = await ingest.metric('ioc_ingest_duplicates_total');
    const updates = await ingest.metric('ioc_ingest_adapter_ignored_total', { adapter: 'frigate', why: 'update' });
    await mosquittoPub(ctx.mqtt, frigate(), json(frigateNew));
    await mosquittoPub(ctx.mqtt, frigate(), json(frigateUpdate));
    await mosquittoPub(ctx.mqtt, frigate(), json(frigateEnd));
    const events = await eventCount(FRIGATE_CAM, 2);
    expect(events.map((e) => [e.messageId, e.payload.type, e.payload.state])).toEqual([
      ['frigate:1740788400.123456-k3x9qz:start', 'intrusion', 'start'],
      ['frigate:1740788400.123456-k3x9qz:end', 'intrusion', 'end'],
    ]);
    expect(await ingest.metric('ioc_ingest_duplicates_total')).toBe(duplicates + 1);
    expect(await ingest.metric('ioc_ingest_adapter_ignored_total', { adapter: 'frigate', why: 'update' })).toBe(updates + 1);
    // The camera was looked up once; the later messages were answered from the cache.
    expect(await ingest.metric('ioc_ingest_frigate_lookups_total', { result: 'registry' })).toBe(1);
    expect(await ingest.metric('ioc_ingest_adapter_events_total', { adapter: 'frigate', type: 'intrusion' })).toBe(2);
  });

  it('rejects an event of a Frigate camera nobody registered as unknown_device', async () => {
    const unregistered = {
      ...frigateNew,
      before: { ...frigateNew.before, id: '1740788600.5-zz9', camera: 'cong_sau' },
      after: { ...frigateNew.after, id: '1740788600.5-zz9', camera: 'cong_sau' },
    };
    const reject = await rejectedWith('unknown_device', () => mosquittoPub(ctx.mqtt, frigate(), json(unregistered)));
    expect(reject).toMatchObject({ reason: 'unknown_device', topic: frigate() });
    expect(reject?.detail).toContain('Frigate camera "cong_sau" is not registered on gateway GW-DH-ADP-01');
  });

  it('publishes ONVIF SignalLoss true then false as video_loss start then end, and the registry degrades and restores the camera', async () => {
    await mosquittoPub(ctx.mqtt, onvif(ONVIF_CAM), json(signalLossStart));
    const [start] = await eventCount(ONVIF_CAM, 1);
    expect(start).toMatchObject({
      messageId: '01JDQ7Y3A5C7E9G1J3K5M7N9P1',
      deviceId: ONVIF_CAM,
      channel: 'event',
      payload: { type: 'video_loss', state: 'start', attributes: { adapter: 'onvif', onvifTopic: 'tns1:VideoSource/SignalLoss' } },
    });
    await waitFor('the registry to take the camera to degraded', async () => {
      const r = await pg.query(`SELECT status, conditions FROM "${ctx.dbSchema}".devices WHERE id = $1`, [ONVIF_CAM]);
      return r.rows[0]?.status === 'degraded' && r.rows[0].conditions.includes('video_loss');
    });

    await mosquittoPub(ctx.mqtt, onvif(ONVIF_CAM), json(signalLossEnd));
    const events = await eventCount(ONVIF_CAM, 2);
    expect(events.map((e) => [e.payload.type, e.payload.state])).toEqual([
      ['video_loss', 'start'],
      ['video_loss', 'end'],
    ]);
    await waitFor('the registry to bring the camera back online', async () => {
      const r = await pg.query(`SELECT status FROM "${ctx.dbSchema}".devices WHERE id = $1`, [ONVIF_CAM]);
      return r.rows[0]?.status === 'online';
    });
  });

  it('rejects an ONVIF topic it does not map as unsupported_event', async () => {
    const reject = await rejectedWith('unsupported_event', () => mosquittoPub(ctx.mqtt, onvif(ONVIF_CAM), json(onvifProcessor)));
    expect(reject?.detail).toContain('tns1:Monitoring/ProcessorUsage');
  });

  it('rejects a Frigate event as registry_unavailable when the registry does not answer, and carries on', async () => {
    await registry.stop();
    const newCamera = {
      ...frigateNew,
      before: { ...frigateNew.before, id: '1740788700.25-rr1', camera: 'cong_phu' },
      after: { ...frigateNew.after, id: '1740788700.25-rr1', camera: 'cong_phu' },
    };
    const reject = await rejectedWith('registry_unavailable', () => mosquittoPub(ctx.mqtt, frigate(), json(newCamera)));
    expect(reject?.detail).toContain('registry did not resolve Frigate camera "cong_phu" of GW-DH-ADP-01 within 1000 ms');

    // A camera looked up before is still resolved from the cache, and ONVIF needs no registry.
    const again = { ...frigateNew, type: 'new', before: { ...frigateNew.before, id: '1740788800.75-cc2' }, after: { ...frigateNew.after, id: '1740788800.75-cc2' } };
    await mosquittoPub(ctx.mqtt, frigate(), json(again));
    await mosquittoPub(ctx.mqtt, onvif(ONVIF_CAM), json({ ...signalLossStart, id: 'after-registry-stop' }));
    await eventCount(FRIGATE_CAM, 3);
    await eventCount(ONVIF_CAM, 3);
    expect((await fetch(`${ingest.url}/health`)).status).toBe(200);
  });
});
