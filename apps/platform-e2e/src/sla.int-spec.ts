// SLA on the real services: missed acknowledgements escalate exactly once per level (two
// copies of the SLA service), never when acknowledged in time, and late after downtime;
// the response targets in force; availability from stored transitions, counted only from
// go-live with the data coverage beside it, and a platform outage (registry and ingest
// stopped) shown as no data, not downtime; the monthly report renders Vietnamese names.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { OPS_EVENTS, type Incident, type OpsSlaBreach, type TokenPair } from '@ioc/contracts';
import { localMonth } from '@ioc/sla';
import { REPORT_CSV_COLUMNS } from '@ioc/reports';
import { AppProcess, hasSoffice, mosquittoPub, waitFor, xlsxSheetsViaLibreOffice } from '@ioc/testing';
import type { AvailabilityReportV1, DailyAvailabilityReportV1 } from '@ioc/contracts';
import type { z } from 'zod';
import { connectOps, createTestContext, migrateAndSeed, startApp, type TestContext } from './support/platform';

const AREA = 'DH-SLA';
const GW = 'GW-SLA';
const ADMIN = { username: 'admin', password: 'admin-password-1' };
// Critical incidents must be acknowledged within 2 s here (5 min by default): level 1 at
// 2 s, level 2 at 4 s, level 3 (the maximum) at 6 s after opening.
const SLA_POLICY = JSON.stringify({ targets: { critical: { acknowledgeMs: 2000, resolveMs: 600_000 } }, maxEscalationLevel: 3 });
// Ingest and the registry say they are monitoring every second here (10 s by default): a
// silence over 3 s is a gap. The rule is the same at any interval.
const BEAT = { MONITORING_BEAT_INTERVAL_MS: '1000' };
type AvailabilityReport = z.infer<typeof AvailabilityReportV1>;

let ctx: TestContext;
let apps: AppProcess[] = [];
let api: AppProcess;
let realtime: AppProcess;
let slaCopies: AppProcess[] = [];
let registry: AppProcess;
let ingest: AppProcess;
let token: string;
let socket: Socket;
/** Before the platform's first beat: go-live of this run. */
let goLive: number;
const breaches: OpsSlaBreach[] = [];

async function call<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (res.headers.get('content-type')?.includes('json') && text ? JSON.parse(text) : text) as T };
}

const tamper = (deviceId: string, state: 'start' | 'end' = 'start') =>
  mosquittoPub(ctx.mqtt, `${ctx.topicRoot}/${AREA}/${GW}/${deviceId}/event`, JSON.stringify({ id: `${deviceId}-${state}-${Date.now()}`, ts: new Date().toISOString(), type: 'tamper', state }));

async function incidentOf(deviceId: string): Promise<Incident> {
  return waitFor(`the incident of ${deviceId}`, async () => {
    const list = (await call<{ items: Incident[] }>('GET', `/api/v1/incidents?deviceId=${deviceId}`)).body.items;
    const id = list[0]?.id;
    return id ? (await call<Incident>('GET', `/api/v1/incidents/${id}`)).body : undefined;
  });
}

const escalations = async (id: string) => ((await call<Incident>('GET', `/api/v1/incidents/${id}`)).body.timeline ?? []).filter((t) => t.action === 'escalated');
const startSla = () => startApp('sla', ctx, { SLA_POLICY, SLA_RECONCILE_INTERVAL_MS: '1000' });

beforeAll(async () => {
  ctx = await createTestContext();
  await migrateAndSeed(ctx, {
    areas: [{ code: AREA, name: 'Cảng cá Nhật Lệ (thử nghiệm)', district: 'Thành phố Đồng Hới', category: 'port' }],
    gateways: [{ id: GW, areaCode: AREA, name: 'Gateway cảng' }],
    devices: ['CAM-ESC', 'CAM-ACKED', 'CAM-DOWN', 'CAM-AVAIL'].map((id) => ({
      id,
      gatewayId: GW,
      areaCode: AREA,
      kind: 'camera' as const,
      name: `Camera ${id} — Quảng Bình`,
      heartbeatTimeoutS: 3600,
      installedOn: '2025-01-01',
      contractor: 'Viettel Quảng Bình',
    })),
    users: [{ ...ADMIN, displayName: 'Quản trị', role: 'admin', scope: { all: true, areas: [], districts: [] } }],
  });
  goLive = Date.now();
  apps = await Promise.all([startApp('registry', ctx, BEAT), startApp('ingest', ctx, BEAT), startApp('incident', ctx), startApp('coverage', ctx), startApp('realtime', ctx), startApp('api', ctx)]);
  [registry, ingest, , , realtime, api] = apps;
  // Two copies of the SLA service, as a deployment with a spare would run.
  // (one after the other: each migrates the schema first, as a rolling start would)
  slaCopies = [await startSla()];
  slaCopies.push(await startSla());
  const login = await fetch(`${api.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  token = ((await login.json()) as TokenPair).accessToken;
  socket = await connectOps(realtime, token);
  socket.on(OPS_EVENTS.slaBreach, (b: OpsSlaBreach) => breaches.push(b));
  expect(await socket.timeout(5000).emitWithAck(OPS_EVENTS.subscribe, { areas: [AREA] })).toEqual({ ok: true });
});

afterAll(async () => {
  socket?.close();
  await Promise.all([...apps, ...slaCopies].map((a) => a.stop()));
  await ctx?.cleanup();
});

describe('escalation', () => {
  it('escalates an unacknowledged incident exactly once per level, with two SLA copies running', async () => {
    await tamper('CAM-ESC');
    const incident = await incidentOf('CAM-ESC');
    await waitFor('level 3', async () => (await call<Incident>('GET', `/api/v1/incidents/${incident.id}`)).body.escalationLevel === 3, 15_000);
    // Give a duplicate, if any, time to happen.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await escalations(incident.id)).map((e) => e.note.slice(0, 18))).toEqual(['escalation level 1', 'escalation level 2', 'escalation level 3']);
    const pushed = breaches.filter((b) => b.incidentId === incident.id);
    expect(pushed.map((b) => b.level)).toEqual([1, 2, 3]);
    expect(pushed[0]).toMatchObject({ severity: 'critical', areaCode: AREA, deviceId: 'CAM-ESC' });
  });

  it('never escalates an incident acknowledged in time', async () => {
    await tamper('CAM-ACKED');
    const incident = await incidentOf('CAM-ACKED');
    expect((await call('POST', `/api/v1/incidents/${incident.id}/acknowledge`, { version: incident.version })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 5000));
    expect(await escalations(incident.id)).toEqual([]);
    expect(breaches.filter((b) => b.incidentId === incident.id)).toEqual([]);
  });

  it('escalates, once back, an incident whose deadline passed while the SLA service was down', async () => {
    await Promise.all(slaCopies.map((s) => s.stop()));
    await tamper('CAM-DOWN');
    const incident = await incidentOf('CAM-DOWN');
    await new Promise((r) => setTimeout(r, 3000));
    expect(await escalations(incident.id)).toEqual([]);
    slaCopies = [await startSla()];
    await waitFor('the late escalation', async () => (await escalations(incident.id)).length >= 1, 10_000);
    expect((await escalations(incident.id))[0]?.note).toMatch(/^escalation level 1/);
  });
});

describe('response policy', () => {
  it('serves the targets in force, SLA_POLICY merged onto the defaults, for the SLA clocks beside incidents', async () => {
    const res = await call<unknown>('GET', '/api/v1/sla/policy');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      targets: {
        critical: { acknowledgeMs: 2000, resolveMs: 600_000 },
        major: { acknowledgeMs: 15 * 60_000, resolveMs: 24 * 3_600_000 },
        minor: { acknowledgeMs: 60 * 60_000, resolveMs: 72 * 3_600_000 },
        info: { acknowledgeMs: null, resolveMs: null },
      },
      maxEscalationLevel: 3,
    });
  });
});

describe('availability and the monthly report', () => {
  const heartbeat = (deviceId: string) =>
    mosquittoPub(ctx.mqtt, `${ctx.topicRoot}/${AREA}/${GW}/${deviceId}/status`, JSON.stringify({ id: `hb-${deviceId}-${Date.now()}`, ts: new Date().toISOString(), online: true }));
  const availability = async (month: string) => (await call<AvailabilityReport>('GET', `/api/v1/sla/availability?month=${month}&scope=device`)).body;
  const deviceRow = (report: AvailabilityReport, id: string) => {
    const row = report.items.find((i) => i.key === id);
    if (!row) throw new Error(`${id} is not in the availability figures`);
    return row;
  };

  it('counts a month that started before go-live only from go-live, with the data coverage beside it', async () => {
    // CAM-AVAIL was installed in 2025; this run's platform went live today, and first hears
    // from the camera now. Before that, since the 1st of the month, there is no data: the
    // old rule called it downtime (availability a fraction of a percent on the 6th).
    await heartbeat('CAM-AVAIL');
    const month = localMonth(Date.now());
    const report = await waitFor('CAM-AVAIL with online time', async () => {
      const r = await availability(month);
      return deviceRow(r, 'CAM-AVAIL').availableMs > 0 ? r : undefined;
    });
    const row = deviceRow(report, 'CAM-AVAIL');
    const from = Date.parse(report.from);
    const to = Date.parse(report.to);
    // Judged only from when it was heard: online all that time.
    expect(row.availability).toBe(1);
    expect(row.availableMs).toBe(row.eligibleMs);
    // Not monitored from the 1st until go-live, then not heard from until the heartbeat.
    expect(report.notMonitored[0]?.from).toBe(report.from);
    const liveAt = Date.parse(report.notMonitored[0]?.to ?? '');
    expect(liveAt).toBeGreaterThanOrEqual(goLive);
    expect(row.noData.platformNotMonitoringMs).toBeGreaterThanOrEqual(liveAt - from);
    expect(row.noData.beforeFirstHeardMs).toBeGreaterThan(0);
    expect(row.noDataMs).toBe(row.noData.platformNotMonitoringMs + row.noData.beforeFirstHeardMs);
    // Installed all month, no maintenance: every ms of the period is judged or has no data.
    expect(row.eligibleMs + row.noDataMs).toBe(to - from);
    expect(row.dataCoveragePct).toBe(Math.round((row.eligibleMs / (to - from)) * 10_000) / 100);
    expect(row.dataCoveragePct).toBeLessThan(100);

    // The days before go-live are "no data" in the daily figures, not 0 %.
    const daily = (await call<z.infer<typeof DailyAvailabilityReportV1>>('GET', `/api/v1/sla/daily?month=${month}`)).body;
    const today = daily.days[daily.days.length - 1];
    const before = daily.days.slice(0, -1);
    for (const day of before) expect(day).toMatchObject({ availability: null, eligibleMs: 0, dataCoveragePct: 0 });
    expect(today?.eligibleMs).toBeGreaterThan(0);

    const response = await call<{ bySeverity: { severity: string; incidents: number; acknowledge: { breached: number } }[] }>('GET', `/api/v1/sla/response?month=${month}`);
    const critical = response.body.bySeverity.find((s) => s.severity === 'critical');
    expect(critical?.incidents).toBeGreaterThanOrEqual(3);
    expect(critical?.acknowledge.breached).toBeGreaterThanOrEqual(2);
  });

  it('shows a platform outage (registry and ingest stopped) as no data, lowering no device’s availability', async () => {
    // 15 s stopped rather than 60 s: with a beat every second the gap rule is the same
    // (a silence over 3 beats), and the suite stays short.
    const STOP_MS = 15_000;
    const month = localMonth(Date.now());
    const before = await availability(month);
    const stoppedAt = Date.now();
    await Promise.all([registry.stop(), ingest.stop()]);
    // The camera keeps reporting; its messages wait in the broker for ingest's session.
    const keepReporting = setInterval(() => void heartbeat('CAM-AVAIL').catch(() => undefined), 1000);
    await new Promise((r) => setTimeout(r, STOP_MS));
    clearInterval(keepReporting);
    // Ingest first, so the registry finds the camera's messages waiting when it starts.
    await ingest.start();
    await registry.start();
    const startedAt = Date.now();

    const after = await waitFor('the outage in the figures', async () => {
      const r = await availability(month);
      return r.notMonitored.some((g) => Date.parse(g.from) >= stoppedAt - 1000 && Date.parse(g.to) > Date.parse(g.from) + STOP_MS - 3000) ? r : undefined;
    }, 20_000);
    const gap = after.notMonitored.find((g) => Date.parse(g.from) >= stoppedAt - 1000);
    const gapMs = Date.parse(gap?.to ?? '') - Date.parse(gap?.from ?? '');
    // The gap is the stop, give or take the beats at its edges (1 s each, 3 s tolerated).
    expect(gapMs).toBeGreaterThanOrEqual(STOP_MS - 3000);
    expect(Date.parse(gap?.to ?? '')).toBeLessThanOrEqual(startedAt + 3000);

    for (const b of before.items) {
      const a = deviceRow(after, b.key);
      // No device's availability went down: the outage is not counted against any of them…
      if (b.availability !== null) expect(a.availability ?? 1).toBeGreaterThanOrEqual(b.availability);
      // …it is no data, for every device.
      expect(a.noData.platformNotMonitoringMs - b.noData.platformNotMonitoringMs).toBeGreaterThanOrEqual(gapMs);
    }
    const camera = deviceRow(after, 'CAM-AVAIL');
    expect(camera.availability).toBe(1);
    // Of the time that passed since the first figures, the gap was not judged: the camera's
    // judged time grew by at most the rest. (The gap starts at the last beat before the
    // stop, which the first figures still counted as the running session's.)
    const since = Date.parse(before.to);
    const gapSince = Date.parse(gap?.to ?? '') - Math.max(since, Date.parse(gap?.from ?? ''));
    expect(camera.eligibleMs - deviceRow(before, 'CAM-AVAIL').eligibleMs).toBeLessThanOrEqual(Date.parse(after.to) - since - gapSince);
  });

  it('renders the month as a PDF with the Vietnamese names intact, and as CSV and JSON', async () => {
    const month = localMonth(Date.now());
    const made = await call<{ month: string }>('POST', '/api/v1/reports', { month });
    expect(made.status).toBe(201);
    const pdf = await fetch(`${api.url}/api/v1/reports/${month}.pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'ioc-report-'));
    const file = join(dir, 'report.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).normalize('NFC');
    // A Decree 30 document: national header and motto, the issuing body with its number, recipients; the areas in the annex.
    for (const phrase of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'TRUNG TÂM GIÁM SÁT,', 'BÁO CÁO', 'Nơi nhận:', 'Phụ lục'])
      expect(text).toContain(phrase);
    const number = /Số: (\d{2,})\/BC-IOC/.exec(text)?.[1];
    expect(number).toBeDefined();
    expect(text).toContain('Cảng cá Nhật Lệ (thử nghiệm)');
    expect(text).toContain('Thành phố Đồng Hới');
    // The area has no checkpoint yet, so it does not meet the target: the body names it.
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Có 1/1 khu vực trọng điểm chưa đạt chỉ tiêu độ phủ');
    expect(flat).toContain(`Cảng cá Nhật Lệ (thử nghiệm) (Thành phố Đồng Hới; mã ${AREA})`);
    // Made again, the month's report keeps its number.
    expect((await call('POST', '/api/v1/reports', { month })).status).toBe(201);
    const again = Buffer.from(await (await fetch(`${api.url}/api/v1/reports/${month}.pdf`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
    writeFileSync(file, again);
    expect(execFileSync('pdftotext', ['-f', '1', '-l', '1', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })).toContain(`Số: ${number}/BC-IOC`);
    // Page 1 as an image is not blank.
    execFileSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', file, join(dir, 'page')]);
    const pgm = readFileSync(join(dir, 'page-1.pgm'));
    // PGM: "P5\n<w> <h>\n255\n", then one byte per pixel (0 black … 255 white).
    const [, width = 0, height = 0] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))?.map(Number) ?? [];
    const pixels = pgm.subarray(pgm.length - width * height);
    expect(pixels.filter((p) => p < 128).length).toBeGreaterThan(width * height * 0.01);

    const csv = await fetch(`${api.url}/api/v1/reports/${month}.csv?file=areas`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('Cảng cá Nhật Lệ (thử nghiệm)');
    // Vietnamese headers by default; the stable names with lang=en.
    expect(bytes.toString('utf8').startsWith('\uFEFFTháng,Mã khu vực,Khu vực trọng điểm')).toBe(true);
    const json = await call<{ schema: string; document?: { numberAndSymbol: string } }>('GET', `/api/v1/reports/${month}.json`);
    expect(json.body.schema).toBe('ioc.monthly-report.v1');
    // The JSON names the document the PDF is: the same number.
    expect(json.body.document?.numberAndSymbol).toBe(`${number}/BC-IOC`);

    const semicolon = Buffer.from(await (await fetch(`${api.url}/api/v1/reports/${month}.csv?file=areas&sep=;&lang=en`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
    expect([...semicolon.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(semicolon.toString('utf8').split('\r\n')[0]).toBe(`\uFEFF${REPORT_CSV_COLUMNS['areas.csv'].join(';')}`);
  });

  (hasSoffice() ? it : it.skip)(
    'serves the report annex and the SLA tables as XLSX that LibreOffice opens with the names and the API’s figures',
    async () => {
      const month = localMonth(Date.now());
      const get = async (path: string) => {
        const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.headers.get('content-type')).toContain('spreadsheetml');
        return xlsxSheetsViaLibreOffice(Buffer.from(await res.arrayBuffer()));
      };
      const listed = await call<{ items: { month: string; files: string[] }[] }>('GET', '/api/v1/reports');
      expect(listed.body.items.find((r) => r.month === month)?.files).toEqual(['json', 'csv', 'pdf', 'xlsx']);
      const annex = await get(`/api/v1/reports/${month}.xlsx`);
      const report = (await call<{ areas: { code: string; name: string; availabilityPct: number | null; dataCoveragePct: number | null; incidents: number }[] }>('GET', `/api/v1/reports/${month}.json`)).body;
      const [, ...areaRows] = annex['Khu vực trọng điểm'];
      const fixed = (v: number | null) => (v === null ? '' : v.toFixed(2));
      expect(areaRows.map((r) => [r[0], r[1], r[4], r[5], r[6]])).toEqual(report.areas.map((a) => [a.code, a.name, fixed(a.availabilityPct), fixed(a.dataCoveragePct), String(a.incidents)]));
      expect(areaRows.map((r) => r[1])).toContain('Cảng cá Nhật Lệ (thử nghiệm)');

      // The month is still running, so its availability moves while we look: the workbook's
      // figure must lie between the API's just before and just after it was made.
      type Row = { key: string; devices: number; availability: number | null; dataCoveragePct: number | null };
      const byArea = async () => (await call<{ items: Row[] }>('GET', `/api/v1/sla/availability?month=${month}&scope=area`)).body.items;
      const before = await byArea();
      const tables = await get(`/api/v1/sla/export.xlsx?month=${month}`);
      const after = await byArea();
      const [header, ...rows] = tables['Sẵn sàng theo khu vực'];
      expect(header).toEqual(['Mã khu vực', 'Thiết bị', 'Thời gian tính (giờ)', 'Thời gian sẵn sàng (giờ)', 'Tỷ lệ sẵn sàng', 'Không có số liệu (giờ)', 'Độ phủ số liệu (%)']);
      expect(rows.map((r) => [r[0], r[1]])).toEqual(after.map((a) => [a.key, String(a.devices)]));
      const between = (shown: string, a: number | null | undefined, b: number | null | undefined, scale: number) => {
        if (a === null || a === undefined || b === null || b === undefined) return shown === '' || a !== b;
        const v = Number(shown.replace('%', ''));
        return v >= Math.min(a, b) * scale - 0.005 && v <= Math.max(a, b) * scale + 0.005;
      };
      rows.forEach((r, i) => {
        expect(between(r[4], before[i]?.availability, after[i]?.availability, 100)).toBe(true);
        expect(between(r[6], before[i]?.dataCoveragePct, after[i]?.dataCoveragePct, 1)).toBe(true);
      });
      const response = (await call<{ bySeverity: { severity: string; incidents: number }[] }>('GET', `/api/v1/sla/response?month=${month}`)).body;
      expect(tables['Phản hồi theo mức độ'].slice(1).map((r) => [r[1], r[2]])).toEqual(response.bySeverity.map((s) => [s.severity, String(s.incidents)]));
      expect(tables['Phản hồi theo mức độ'].slice(1).map((r) => r[0])).toContain('Nghiêm trọng');
    },
    120_000,
  );
});
