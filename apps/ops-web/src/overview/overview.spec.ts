import { coverageSignal, refetchDelay, rolledAvailability } from './overview';

describe('availability of the strip', () => {
  it('weights each area by its eligible time, not by averaging percentages', () => {
    // 90% over 100 h and 10% over 1 h: 90.8%, not 50%.
    const rows = [
      { availableMs: 90 * 3_600_000, eligibleMs: 100 * 3_600_000 },
      { availableMs: 0.1 * 3_600_000, eligibleMs: 3_600_000 },
    ];
    expect(rolledAvailability(rows)).toBeCloseTo(90.1 / 101, 10);
  });

  it('has no figure when nothing was eligible', () => {
    expect(rolledAvailability([])).toBeNull();
    expect(rolledAvailability([{ availableMs: 0, eligibleMs: 0 }])).toBeNull();
  });
});

describe('coverage refresh', () => {
  it('changes its signal with every push, and is empty before any', () => {
    expect(coverageSignal([])).toBe('');
    const a = coverageSignal([{ at: '2026-12-06T10:00:00.000Z', seq: 4 }]);
    const b = coverageSignal([{ at: '2026-12-06T10:00:00.000Z', seq: 5 }]);
    const c = coverageSignal([
      { at: '2026-12-06T10:00:00.000Z', seq: 5 },
      { at: '2026-12-06T10:00:01.000Z', seq: 2 },
    ]);
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('asks again at most every few seconds', () => {
    expect(refetchDelay(0, 10_000, 5_000)).toBe(0);
    expect(refetchDelay(8_000, 10_000, 5_000)).toBe(3_000);
  });
});
