// `npm run bench -- coverage` (also part of a plain `npm run bench`): the coverage case of
// DESIGN.md §6 on this machine. Needs no service: it runs the coverage index of
// libs/coverage on the lib's deterministic synthetic province (500 key areas, 50,000
// checkpoints, 10,000 cameras, 2,000 sensors) through `runCoverageBench()`, and reports
//   1. the full recompute (fresh index: load, every area, every district, the province),
//      first in a fresh Node process and again once the JIT has warmed up,
//   2. single device changes (status flip, re-aim, move, decommission), each timed from
//      `upsertDevice` to the coverage of the areas it changed,
//   3. memory after load: resident set and heap used, after a garbage collection.
// Each repetition runs in a Node process of its own (this script, started again with
// --child=…), so that every "first" recompute is really cold and runs do not share a heap.
// Prints a JSON summary, then a Markdown table with PASS/MISS against the targets. A miss
// is a result, not a failure: only a crash exits non-zero. Options: BENCH_COVERAGE_RUNS (5),
// BENCH_COVERAGE_CHANGES (1000 per run).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CoverageIndex } from '@ioc/coverage';
import { runCoverageBench, syntheticProvince, type CoverageBenchResult } from '../../libs/coverage/src/coverage.bench';

const run = promisify(execFile);

/** DESIGN.md §6. */
const TARGET_FULL_MS = 1000;
const TARGET_CHANGE_MS = 100;

const MB = 2 ** 20;
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

interface TimingRun extends CoverageBenchResult {
  /** Peak resident set of the whole run (two indexes, the changes, the garbage), MB. */
  peakRssMb: number;
}

interface MemoryStage {
  rssMb: number;
  heapUsedMb: number;
}

interface MemoryRun {
  /** Node, the coverage lib and its imports, nothing built yet. */
  baseline: MemoryStage;
  /** + the synthetic province as plain objects (the service's input). */
  input: MemoryStage;
  /** + a loaded CoverageIndex with every area computed. */
  loaded: MemoryStage;
  /** The fresh province (the timing runs report theirs after their changes). */
  links: number;
  devices: number;
  installedPct: number | null;
  operationalPct: number | null;
}

// ---------------------------------------------------------------------------------------
// Children: one repetition each, one JSON line on stdout.

function childTiming(changes: number): TimingRun {
  const result = runCoverageBench({ changes });
  // maxRSS is in kilobytes.
  return { ...result, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

function childMemory(): MemoryRun {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('the memory run needs node --expose-gc');
  const settle = (): MemoryStage => {
    gc();
    gc();
    const m = process.memoryUsage();
    return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed) };
  };
  const baseline = settle();
  const province = syntheticProvince();
  const input = settle();
  const index = new CoverageIndex();
  index.load(province.areas, province.checkpoints, province.devices);
  index.allAreaCoverage();
  const loaded = settle();
  // Read after the measure, so that the index and the province are alive at it.
  const kpi = index.provinceSummary();
  return {
    baseline, input, loaded,
    links: index.stats().links,
    devices: province.devices.length,
    installedPct: kpi.installed.pct,
    operationalPct: kpi.operational.pct,
  };
}

async function child<T>(args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, [...process.execArgv, '--expose-gc', process.argv[1], ...args], {
    maxBuffer: 16 * MB,
  });
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

// ---------------------------------------------------------------------------------------
// Parent: repetitions, summary, report.

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const worst = (xs: readonly number[]) => Math.max(...xs);
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const pct = (x: number | null) => (x === null ? null : round(x, 1));
/** Milliseconds, with the precision that means something at that size. */
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(3)) + ' ms';
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const int = (x: number) => x.toLocaleString('en-US');

async function main(): Promise<void> {
  // The platform lib (and its Nest imports) only in the parent: the children measure memory.
  const { envInt, loadConfig } = await import('@ioc/platform');
  const { z } = await import('zod');
  const config = loadConfig(
    z.object({
      BENCH_COVERAGE_RUNS: envInt(5, 1, 100),
      BENCH_COVERAGE_CHANGES: envInt(1000, 1, 1_000_000),
    }),
  );
  const RUNS = config.BENCH_COVERAGE_RUNS;
  const CHANGES = config.BENCH_COVERAGE_CHANGES;

  const loadBefore = loadavg();
  const started = Date.now();
  const runs: TimingRun[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await child<TimingRun>(['--child=timing', `--changes=${CHANGES}`]));
  const memory = await child<MemoryRun>(['--child=memory']);
  const loadAfter = loadavg();

  const first = runs[0];
  const cold = runs.map((r) => r.fullLoadMs);
  const warm = runs.map((r) => r.fullLoadWarmMs);
  const p50s = runs.map((r) => r.deviceChange.p50Ms);
  const p99s = runs.map((r) => r.deviceChange.p99Ms);
  const maxes = runs.map((r) => r.deviceChange.maxMs);
  // The province and the changes are seeded: every run must end with the same coverings.
  const deterministic = runs.every((r) => r.links === first.links && r.province.installedPct === first.province.installedPct);
  const fullWorstMs = worst([...cold, ...warm]);
  const changeWorstMs = worst(maxes);

  const summary = {
    case: 'coverage',
    at: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'CPU', memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    loadAverage: { before: loadBefore.map((x) => round(x, 2)), after: loadAfter.map((x) => round(x, 2)) },
    options: { runs: RUNS, changesPerRun: CHANGES },
    province: {
      areas: first.areas,
      checkpoints: first.checkpoints,
      cameras: first.cameras,
      sensors: first.sensors,
      devices: memory.devices,
      links: memory.links,
      areasMeetingTargetPct: { installed: pct(memory.installedPct), operational: pct(memory.operationalPct) },
      afterChanges: { links: first.links, areasMeetingTargetPct: { installed: pct(first.province.installedPct), operational: pct(first.province.operationalPct) } },
      deterministic,
    },
    fullRecomputeMs: {
      cold: { median: round(median(cold), 1), worst: round(worst(cold), 1), runs: cold.map((x) => round(x, 1)) },
      warm: { median: round(median(warm), 1), worst: round(worst(warm), 1), runs: warm.map((x) => round(x, 1)) },
    },
    deviceChangeMs: {
      changes: runs.reduce((s, r) => s + r.deviceChange.count, 0),
      p50: { median: round(median(p50s), 4), worst: round(worst(p50s), 4) },
      p99: { median: round(median(p99s), 4), worst: round(worst(p99s), 4) },
      max: { median: round(median(maxes), 3), worst: round(changeWorstMs, 3) },
      meanAreasChanged: round(runs.reduce((s, r) => s + r.deviceChange.meanAreasChanged, 0) / runs.length, 3),
    },
    memoryMb: {
      baseline: memory.baseline,
      input: memory.input,
      loaded: memory.loaded,
      inputHeapMb: round(memory.input.heapUsedMb - memory.baseline.heapUsedMb, 1),
      indexHeapMb: round(memory.loaded.heapUsedMb - memory.input.heapUsedMb, 1),
      peakRssOfARunMb: worst(runs.map((r) => r.peakRssMb)),
    },
    targets: {
      fullRecompute: { targetMs: TARGET_FULL_MS, worstMs: round(fullWorstMs, 1), result: verdict(fullWorstMs <= TARGET_FULL_MS) },
      deviceChange: { targetMs: TARGET_CHANGE_MS, worstMs: round(changeWorstMs, 3), result: verdict(changeWorstMs <= TARGET_CHANGE_MS) },
    },
    seconds: round((Date.now() - started) / 1000, 1),
  };

  const m = summary.memoryMb;
  const d = summary.deviceChangeMs;
  const report = [
    `## Coverage benchmark, ${summary.at.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${summary.machine.cpus} × ${summary.machine.model}, ${summary.machine.memGiB} GiB, Node ${process.version}; ` +
      `load average (1/5/15 min) ${summary.loadAverage.before.join(' / ')} before, ${summary.loadAverage.after.join(' / ')} after.`,
    `Command: \`BENCH_COVERAGE_RUNS=${RUNS} BENCH_COVERAGE_CHANGES=${CHANGES} npm run bench -- coverage\`; ` +
      `${RUNS} runs, each in a fresh Node process, then one for memory (${summary.seconds} s in all).`,
    `Synthetic province: ${int(first.areas)} key areas, ${int(first.checkpoints)} checkpoints, ${int(first.cameras)} cameras, ` +
      `${int(first.sensors)} sensors, ${int(memory.links)} (device, checkpoint) coverings; ` +
      `${pct(memory.installedPct)} % of areas meet their target on installed devices, ${pct(memory.operationalPct)} % on operational ones` +
      (deterministic ? '.' : ' — WARNING: the runs did not end with the same coverings.'),
    '',
    '| measure | target (DESIGN §6) | result | |',
    '| --- | --- | --- | --- |',
    `| full recompute, first in a fresh process (n=${RUNS}) | ≤ 1 s | median ${ms(median(cold))}, worst ${ms(worst(cold))} | ${verdict(worst(cold) <= TARGET_FULL_MS)} |`,
    `| full recompute, again in the same process (JIT warm, n=${RUNS}) | ≤ 1 s | median ${ms(median(warm))}, worst ${ms(worst(warm))} | ${verdict(worst(warm) <= TARGET_FULL_MS)} |`,
    `| one device change → its areas' coverage (${RUNS} × ${CHANGES}) | ≤ 100 ms | p50 ${ms(median(p50s))}, p99 ${ms(median(p99s))} (worst run ${ms(worst(p99s))}), max ${ms(changeWorstMs)} | ${verdict(changeWorstMs <= TARGET_CHANGE_MS)} |`,
    `| areas whose figures a change moved | — | ${d.meanAreasChanged} on average | |`,
    `| memory after load, after GC (process) | — | RSS ${m.loaded.rssMb} MB, heap used ${m.loaded.heapUsedMb} MB | |`,
    `| of which heap: province input / index | — | ${m.inputHeapMb} MB / ${m.indexHeapMb} MB (baseline: RSS ${m.baseline.rssMb} MB, heap ${m.baseline.heapUsedMb} MB) | |`,
    `| peak RSS of a timing run (two loads, the changes, garbage) | — | ${m.peakRssOfARunMb} MB | |`,
    '',
    `Targets: full recompute ≤ 1 s: ${summary.targets.fullRecompute.result} (worst ${ms(fullWorstMs)}); ` +
      `one device change ≤ 100 ms: ${summary.targets.deviceChange.result} (worst ${ms(changeWorstMs)}).`,
  ].join('\n');

  console.log(JSON.stringify(summary, null, 2));
  console.log('');
  console.log(report);
  writeFileSync(join(tmpdir(), 'ioc-bench-coverage.md'), report + '\n');
  writeFileSync(join(tmpdir(), 'ioc-bench-coverage.json'), JSON.stringify(summary, null, 2) + '\n');
}

const role = process.argv.find((a) => a.startsWith('--child='))?.slice('--child='.length);
const changesArg = Number(process.argv.find((a) => a.startsWith('--changes='))?.slice('--changes='.length) ?? 1000);
const job: Promise<unknown> =
  role === 'timing'
    ? Promise.resolve().then(() => console.log(JSON.stringify(childTiming(changesArg))))
    : role === 'memory'
      ? Promise.resolve().then(() => console.log(JSON.stringify(childMemory())))
      : main();
job.catch((err) => {
  console.error(err);
  process.exit(1);
});
