import { coverageFigure, kpiOf, requiredCovered } from './figures';

describe('coverage figures', () => {
  it('needs ⌈target × checkpoints⌉ covered, immune to float noise', () => {
    // 90 % of 7 = 6.3 ⇒ 7; 100 % of 7 ⇒ 7; 50 % of 3 = 1.5 ⇒ 2; 7 % of 100 = 7 (0.07 × 100 is 7.000000000000001).
    expect([requiredCovered(7, 90), requiredCovered(7, 100), requiredCovered(3, 50), requiredCovered(100, 7), requiredCovered(0, 100)]).toEqual([7, 7, 2, 7, 0]);
  });

  it('gives the percentage and the verdict, and "not applicable" for no checkpoints', () => {
    expect(coverageFigure(6, 7, 90)).toEqual({ covered: 6, pct: (6 / 7) * 100, meetsTarget: false });
    expect(coverageFigure(7, 7, 90)).toEqual({ covered: 7, pct: 100, meetsTarget: true });
    expect(coverageFigure(0, 0, 100)).toEqual({ covered: 0, pct: null, meetsTarget: true });
  });

  it('has no KPI percentage without areas', () => {
    expect(kpiOf([])).toMatchObject({ areas: 0, installed: { meeting: 0, pct: null }, operational: { meeting: 0, pct: null } });
  });
});
