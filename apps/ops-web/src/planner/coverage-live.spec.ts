import type { AreaCoverageDetailDto, AreaCoverageDto, OpsCoverage } from '@ioc/contracts';
import { coverageChangeCounter, hasNewerPushes, liveArea, liveAreas, pushBaseline, refetchDelay } from './coverage-live';

function area(code: string, operationalCovered: number, checkpoints = 4): AreaCoverageDto {
  const figure = (covered: number) => ({ covered, pct: (covered / checkpoints) * 100, meetsTarget: covered === checkpoints });
  return {
    areaCode: code,
    name: `Khu ${code}`,
    district: 'Thành phố Đồng Hới',
    targetPct: 100,
    checkpoints,
    assessed: true,
    purposes: {
      traffic: { purpose: 'traffic', applicable: true, checkpoints, installed: figure(checkpoints), operational: figure(operationalCovered) },
      security: { purpose: 'security', applicable: false, checkpoints: 0, installed: { covered: 0, pct: null, meetsTarget: true }, operational: { covered: 0, pct: null, meetsTarget: true } },
    },
    meetsTarget: { installed: true, operational: operationalCovered === checkpoints },
  };
}
const push = (coverage: AreaCoverageDto, seq: number): OpsCoverage => ({ at: '2026-12-01T00:00:00.000Z', coverage, seq });

describe('coverage figures with live pushes', () => {
  it('lays a push that arrived after the request over the REST figures', () => {
    const live = new Map<string, OpsCoverage>();
    const baseline = pushBaseline(live);
    live.set('DH-TT', push(area('DH-TT', 1), 3));
    const [tt, sb] = liveAreas([area('DH-TT', 4), area('DH-SB', 2)], baseline, live);
    expect(tt.purposes.traffic.operational.covered).toBe(1);
    expect(tt.meetsTarget.operational).toBe(false);
    expect(sb.purposes.traffic.operational.covered).toBe(2);
  });

  it('ignores a push the REST answer already includes (seen when the request was sent)', () => {
    const live = new Map([['DH-TT', push(area('DH-TT', 1), 3)]]);
    const baseline = pushBaseline(live);
    const [tt] = liveAreas([area('DH-TT', 4)], baseline, live);
    expect(tt.purposes.traffic.operational.covered).toBe(4);
    expect(hasNewerPushes(baseline, live)).toBe(false);
  });

  it('takes a later push of an area that was already pushed before the request', () => {
    const live = new Map([['DH-TT', push(area('DH-TT', 1), 3)]]);
    const baseline = pushBaseline(live);
    live.set('DH-TT', push(area('DH-TT', 2), 4));
    expect(liveAreas([area('DH-TT', 4)], baseline, live)[0].purposes.traffic.operational.covered).toBe(2);
    expect(hasNewerPushes(baseline, live)).toBe(true);
    expect(hasNewerPushes(baseline, live, 'DH-TT')).toBe(true);
    expect(hasNewerPushes(baseline, live, 'DH-SB')).toBe(false);
  });

  it('keeps the checkpoints of a detail answer while replacing its figures', () => {
    const detail: AreaCoverageDetailDto = { ...area('DH-TT', 4), checkpointCoverage: [] };
    const live = new Map([['DH-TT', push(area('DH-TT', 0), 5)]]);
    const merged = liveArea(detail, new Map(), live);
    expect(merged.checkpointCoverage).toEqual([]);
    expect(merged.purposes.traffic.operational.covered).toBe(0);
  });

  it('keeps the REST list as it is: scope and order come from the API, not from pushes', () => {
    const live = new Map([['QT-HL', push(area('QT-HL', 0), 1)]]);
    expect(liveAreas([area('DH-TT', 4)], new Map(), live).map((a) => a.areaCode)).toEqual(['DH-TT']);
  });

  it('refetches a stale figure at most once per interval', () => {
    expect(refetchDelay(0, 10_000, 5_000)).toBe(0);
    expect(refetchDelay(8_000, 10_000, 5_000)).toBe(3_000);
  });

  it('counts changes of the pushes, not reads of them', () => {
    const counter = coverageChangeCounter();
    const live = new Map<string, OpsCoverage>();
    const v0 = counter(live);
    expect(counter(live)).toBe(v0);
    live.set('DH-TT', push(area('DH-TT', 1), 3));
    const v1 = counter(live);
    expect(v1).toBeGreaterThan(v0);
    expect(counter(live)).toBe(v1);
    live.set('DH-TT', push(area('DH-TT', 2), 4));
    expect(counter(live)).toBeGreaterThan(v1);
  });
});
