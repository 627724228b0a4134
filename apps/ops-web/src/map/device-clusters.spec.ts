// supercluster ships as an ES module only; these Node tests load its UMD build instead.
jest.mock('supercluster', () => jest.requireActual(require('node:path').join(__dirname, '../../../../node_modules/supercluster/dist/supercluster.js')));
import { DeviceClusters, type ClusterPoint } from './device-clusters';
import { LEVELS, levelRank, worstOfCounts, type DeviceLevel } from './map-style';

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** `n` devices spread over Quảng Bình in 200 key areas of a few hundred metres. */
function province(n: number, rnd: () => number): ClusterPoint[] {
  const sites = Array.from({ length: 200 }, () => [105.8 + rnd() * 1.2, 16.95 + rnd() * 1.1]);
  return Array.from({ length: n }, (_, i) => {
    const [lon, lat] = sites[i % sites.length];
    return { id: `D${i}`, lon: lon + (rnd() - 0.5) * 0.008, lat: lat + (rnd() - 0.5) * 0.008 };
  });
}

const PROVINCE_BBOX: [number, number, number, number] = [105.6, 16.9, 107.1, 18.1];

describe('device clusters', () => {
  it('colours a cluster by its worst member: critical over offline over degraded over online over unknown', () => {
    const points = [0, 1, 2, 3].map((i) => ({ id: `D${i}`, lon: 106.6 + i * 0.0001, lat: 17.47 }));
    const levels: Record<string, DeviceLevel> = { D0: 'online', D1: 'unknown', D2: 'degraded', D3: 'online' };
    const clusters = new DeviceClusters(points);
    const { groups, singles } = clusters.frame(PROVINCE_BBOX, 9, (id) => levels[id], () => false);
    expect(singles).toHaveLength(0);
    expect(groups.size).toBe(1);
    const group = [...groups.values()][0];
    expect(group.count).toBe(4);
    expect(group.worst).toBe('degraded');

    expect(clusters.change('D3', { level: 'online', alarm: false }, { level: 'offline', alarm: false })?.worst).toBe('offline');
    expect(clusters.change('D0', { level: 'online', alarm: false }, { level: 'critical', alarm: false })?.worst).toBe('critical');
    // A change that leaves the worst level as it was does not recolour the cluster.
    expect(clusters.change('D1', { level: 'unknown', alarm: false }, { level: 'online', alarm: false })).toBeUndefined();
    expect(clusters.change('D0', { level: 'critical', alarm: false }, { level: 'online', alarm: false })?.worst).toBe('offline');
  });

  it('reports a cluster whose alarm starts or stops, whatever its colour', () => {
    const points = [0, 1].map((i) => ({ id: `D${i}`, lon: 106.6 + i * 0.0001, lat: 17.47 }));
    const clusters = new DeviceClusters(points);
    clusters.frame(PROVINCE_BBOX, 9, () => 'critical', () => false);
    expect(clusters.change('D0', { level: 'critical', alarm: false }, { level: 'critical', alarm: true })?.alarms).toBe(1);
    expect(clusters.change('D1', { level: 'critical', alarm: false }, { level: 'critical', alarm: true })).toBeUndefined();
    expect(clusters.change('D0', { level: 'critical', alarm: true }, { level: 'critical', alarm: false })).toBeUndefined();
    expect(clusters.change('D1', { level: 'critical', alarm: true }, { level: 'critical', alarm: false })?.alarms).toBe(0);
  });

  it('shows every device on its own above the clustering zoom', () => {
    const points = [0, 1, 2].map((i) => ({ id: `D${i}`, lon: 106.6 + i * 0.00001, lat: 17.47 }));
    const { groups, singles } = new DeviceClusters(points).frame(PROVINCE_BBOX, 16, () => 'online', () => false);
    expect(groups.size).toBe(0);
    expect(singles.map((p) => p.id).sort()).toEqual(['D0', 'D1', 'D2']);
  });

  it('keeps every cluster colour right through 200 status changes among 5,000 devices, reporting only the clusters that changed colour', () => {
    const rnd = random(7);
    const points = province(5_000, rnd);
    const levels = new Map<string, DeviceLevel>(points.map((p) => [p.id, rnd() < 0.9 ? 'online' : 'unknown']));
    const clusters = new DeviceClusters(points);
    const { groups, singles } = clusters.frame(PROVINCE_BBOX, 9, (id) => levels.get(id) ?? 'unknown', () => false);
    // Province zoom keeps the DOM small: a few hundred markers at most for 5,000 devices.
    expect(groups.size + singles.length).toBeLessThan(300);
    expect([...groups.values()].reduce((n, g) => n + g.count, 0) + singles.length).toBe(5_000);

    const worstBefore = new Map([...groups].map(([k, g]) => [k, g.worst]));
    const reported = new Set<number>();
    const choices: DeviceLevel[] = ['online', 'offline', 'degraded', 'unknown', 'critical'];
    for (let n = 0; n < 200; n++) {
      const p = points[Math.floor(rnd() * points.length)];
      const from = levels.get(p.id) as DeviceLevel;
      const to = choices[Math.floor(rnd() * choices.length)];
      levels.set(p.id, to);
      const changed = clusters.change(p.id, { level: from, alarm: false }, { level: to, alarm: false });
      if (changed) reported.add(changed.key);
    }

    // Recounted from scratch, every cluster has the colour kept incrementally.
    for (const g of groups.values()) {
      const counts = new Int32Array(LEVELS.length);
      for (const id of g.members) counts[levelRank(levels.get(id) as DeviceLevel)]++;
      expect(g.worst).toBe(worstOfCounts(counts));
    }
    // Only clusters whose colour moved were reported (a colour may move and come back).
    for (const [key, g] of groups) if (g.worst !== worstBefore.get(key)) expect(reported.has(key)).toBe(true);
    expect(reported.size).toBeLessThanOrEqual(200);
  });

  it('finds the cluster a device is in, and none for a device shown on its own', () => {
    const points = [
      { id: 'A', lon: 106.6, lat: 17.47 },
      { id: 'B', lon: 106.6001, lat: 17.47 },
      { id: 'C', lon: 106.0, lat: 17.9 },
    ];
    const clusters = new DeviceClusters(points);
    const { groups } = clusters.frame(PROVINCE_BBOX, 9, () => 'online', () => false);
    const group = [...groups.values()][0];
    expect(clusters.groupOfDevice('A')).toBe(group);
    expect(clusters.groupOfDevice('C')).toBeUndefined();
    expect(clusters.expansionZoom(group.key)).toBeGreaterThan(9);
  });
});
