// Gateway simulator CLI: connects one MQTT 5 client per gateway of the demo province
// (Quảng Bình) and publishes what real camera and traffic-sensor gateways would, with
// outages, until interrupted or --duration-s has passed. See simulator.config.ts for the options.
import { readFileSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { demoProvince, seededRandom, uniform, weighted } from '@ioc/demo-province';
import { AckedLog } from './acked-log';
import { type Counters, GatewaySim, heartbeatSpacingMs, type LogFn, newCounters, type OutageKind, SENSOR_LANES } from './gateway-sim';
import { MessageIds, vehicleClassesFor } from './messages';
import { parseProcessOptions, redactUrl, USAGE } from './simulator.config';

const EVENT_MEAN_S = 600;
const SUMMARY_EVERY_MS = 10_000;
const OUTAGE_WEIGHTS: Record<OutageKind, number> = {
  device_silent: 4,
  video_loss: 1.5,
  tamper: 1,
  recording_off: 1.5,
  storage_failure: 1,
  gateway_drop: 1,
};

const log: LogFn = (level, msg, fields = {}) => {
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level, service: 'simulator', msg, ...fields }) + '\n');
};

async function main(): Promise<number> {
  const outcome = parseProcessOptions(process.argv.slice(2), (path) => readFileSync(path, 'utf8'));
  if (outcome.kind === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (outcome.kind === 'error') {
    process.stderr.write(`simulator: ${outcome.message}\nRun with --help to see the options.\n`);
    return 2;
  }
  const options = outcome.options;
  const province = demoProvince({ devicesPerArea: options.devicesPerArea });
  if (options.areas !== undefined && options.areas > province.areas.length) {
    process.stderr.write(`simulator: --areas ${options.areas} is more than the ${province.areas.length} key areas of the demo province\n`);
    return 2;
  }
  const areas = province.areas.slice(0, options.areas ?? province.areas.length);
  const areaCodes = new Set(areas.map((a) => a.code));
  const gateways = province.gateways.filter((g) => areaCodes.has(g.areaCode));
  const devices = province.devices.filter((d) => areaCodes.has(d.areaCode));
  const categoryOf = new Map(areas.map((a) => [a.code, a.category]));
  const cameras = devices.filter((d) => d.kind === 'camera').length;
  const sensors = devices.length - cameras;
  const meanClasses = areas.reduce((sum, a) => sum + vehicleClassesFor(a.category).length, 0) / Math.max(1, areas.length);

  const { heartbeatMs, backgroundRate } = heartbeatSpacingMs(options.heartbeatS, options.rate, {
    devices: devices.length,
    cameras,
    sensors,
    telemetryPerReport: SENSOR_LANES * meanClasses,
    telemetryS: options.telemetryS,
    eventMeanS: EVENT_MEAN_S,
  });

  log('info', 'start', {
    url: redactUrl(options.url),
    username: options.username ?? null,
    root: options.root,
    areas: areas.length,
    gateways: gateways.length,
    devices: devices.length,
    cameras,
    trafficSensors: sensors,
    heartbeatS: Math.round(heartbeatMs) / 1000,
    telemetryS: options.telemetryS,
    rate: options.rate ?? null,
    durationS: options.durationS ?? null,
    outages: options.outages,
    seed: options.seed,
  });
  if (options.rate !== undefined && options.rate <= backgroundRate) {
    log('warn', 'rate.below_background', { rate: options.rate, backgroundRate: Math.round(backgroundRate * 100) / 100 });
  }

  const counters: Counters = newCounters();
  const ackedLog = options.ackedLog ? new AckedLog(options.ackedLog) : undefined;
  const ids = new MessageIds(randomInt(0, 2 ** 40));
  const outageRng = seededRandom(`${options.seed}/outages`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const sims: GatewaySim[] = gateways.map(
      (gateway) =>
        new GatewaySim({
          gateway,
          category: categoryOf.get(gateway.areaCode) ?? 'intersection',
          devices: devices.filter((d) => d.gatewayId === gateway.id),
          url: options.url,
          username: options.username,
          password: options.password,
          root: options.root,
          clientPrefix: options.clientPrefix,
          heartbeatMs,
          heartbeatJitter: options.rate === undefined ? 0.1 : 0.05,
          telemetryS: options.telemetryS,
          eventMeanS: EVENT_MEAN_S,
          rng: seededRandom(`${options.seed}/${gateway.id}`),
          ids,
          log,
          counters,
          onAcked: ackedLog ? (key) => ackedLog.add(key) : undefined,
          onFatal: (reason) => {
            log('error', 'fatal', { reason });
            void shutdown(1, 'fatal');
          },
        }),
    );

    let nextOutageAt = Date.now() + uniform(outageRng, 20, 90) * 1000;
    const ticker = setInterval(
      () => {
        const now = Date.now();
        for (const sim of sims) sim.tick(now);
        if (options.outages && now >= nextOutageAt) {
          startOutage(now);
          nextOutageAt = now + uniform(outageRng, 30, 120) * 1000;
        }
      },
      options.rate === undefined ? 100 : 20,
    );

    function startOutage(now: number): void {
      const kind = weighted<OutageKind>(outageRng, OUTAGE_WEIGHTS);
      const candidates = sims.filter((s) => s.connected);
      // Try gateways in a random order until one can act the outage out.
      for (let tries = 0; tries < 5 && candidates.length > 0; tries++) {
        const [sim] = candidates.splice(Math.floor(outageRng() * candidates.length), 1);
        if (sim.startOutage(kind, now)) return;
      }
    }

    let last: Counters = newCounters();
    let lastAt = Date.now();
    const summarize = () => {
      const now = Date.now();
      const windowS = (now - lastAt) / 1000;
      const sent = Object.fromEntries(
        Object.entries(counters.sent).map(([channel, n]) => [channel, n - last.sent[channel as keyof Counters['sent']]]),
      ) as Counters['sent'];
      const total = Object.values(sent).reduce((a, b) => a + b, 0);
      log('info', 'summary', {
        windowS: Math.round(windowS * 10) / 10,
        sent,
        total,
        perSecond: Math.round((total / Math.max(windowS, 0.001)) * 10) / 10,
        acked: counters.acked - last.acked,
        failed: counters.failed - last.failed,
        totalSent: Object.values(counters.sent).reduce((a, b) => a + b, 0),
        gatewaysConnected: sims.filter((s) => s.connected).length,
        gateways: sims.length,
        devicesInOutage: sims.reduce((n, s) => n + s.devicesInOutage, 0),
      });
      last = { sent: { ...counters.sent }, acked: counters.acked, failed: counters.failed };
      lastAt = now;
    };
    const summaryTimer = setInterval(summarize, SUMMARY_EVERY_MS);
    const durationTimer = options.durationS !== undefined ? setTimeout(() => void shutdown(0, 'duration elapsed'), options.durationS * 1000) : undefined;

    async function shutdown(code: number, reason: string): Promise<void> {
      if (stopping) return;
      stopping = true;
      clearInterval(ticker);
      clearInterval(summaryTimer);
      if (durationTimer) clearTimeout(durationTimer);
      log('info', 'stopping', { reason });
      await Promise.all(sims.map((s) => s.stop()));
      await ackedLog?.close();
      summarize();
      log('info', 'stopped', { reason, totalSent: Object.values(counters.sent).reduce((a, b) => a + b, 0), acked: counters.acked, failed: counters.failed });
      resolve(code);
    }

    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        if (stopping) {
          log('warn', 'stopping.forced', { signal });
          process.exit(130);
        }
        void shutdown(0, signal);
      });
    }

    for (const sim of sims) sim.connect();
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log('error', 'crashed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);
