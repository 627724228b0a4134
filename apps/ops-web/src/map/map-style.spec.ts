import { AREA_STATES, LEVELS, areaStyle, deviceLevel, deviceStyle, levelRank, worstOfCounts } from './map-style';

/** Relative luminance (WCAG), to check that states differ in lightness, not only in hue. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('live map style', () => {
  it('ranks levels from decommissioned to critical and finds the worst present', () => {
    expect(LEVELS.map(levelRank)).toEqual([0, 1, 2, 3, 4, 5]);
    const counts = new Int32Array(LEVELS.length);
    expect(worstOfCounts(counts)).toBe('decommissioned');
    counts[levelRank('online')] = 5;
    expect(worstOfCounts(counts)).toBe('online');
    counts[levelRank('unknown')] = 2;
    expect(worstOfCounts(counts)).toBe('online');
    counts[levelRank('degraded')] = 1;
    expect(worstOfCounts(counts)).toBe('degraded');
    counts[levelRank('critical')] = 1;
    expect(worstOfCounts(counts)).toBe('critical');
  });

  it('counts a device with an open critical incident as critical, unless it is decommissioned', () => {
    expect(deviceLevel('online', true)).toBe('critical');
    expect(deviceLevel('online', false)).toBe('online');
    expect(deviceLevel('decommissioned', true)).toBe('decommissioned');
  });

  it('gives every area state its own fill, and the problem states fills that differ in lightness', () => {
    const fills = AREA_STATES.map((s) => areaStyle(s, 14, false).fillColor);
    expect(new Set(fills).size).toBe(AREA_STATES.length);
    const problems = (['critical', 'offline', 'degraded', 'online'] as const).map((s) => luminance(areaStyle(s, 14, false).fillColor));
    for (let i = 0; i < problems.length; i++) for (let j = i + 1; j < problems.length; j++) expect(Math.abs(problems[i] - problems[j])).toBeGreaterThan(0.02);
    // "never heard" and "no devices" are told apart by their outline as well.
    expect(areaStyle('unknown', 14, false).dashArray).not.toEqual(areaStyle('no_devices', 14, false).dashArray);
  });

  it('draws areas with a heavier outline at province zoom and the focused one heavier still', () => {
    expect(areaStyle('online', 9, false).weight).toBeGreaterThan(areaStyle('online', 16, false).weight);
    expect(areaStyle('online', 16, true).weight).toBeGreaterThan(areaStyle('online', 16, false).weight);
  });

  it('makes a device with a critical incident stand out by a larger, heavier ring', () => {
    expect(deviceStyle('online', true).weight).toBeGreaterThan(deviceStyle('online', false).weight);
    expect(deviceStyle('online', true).radius).toBeGreaterThan(deviceStyle('offline', false).radius);
  });
});
