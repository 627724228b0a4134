import { GATEWAY_PASSWORD_ALPHABET, GATEWAY_PASSWORD_LENGTH, generateGatewayPassword } from './gateway-password';

describe('gateway password', () => {
  it('carries at least 128 bits of entropy', () => {
    expect(GATEWAY_PASSWORD_LENGTH * Math.log2(new Set(GATEWAY_PASSWORD_ALPHABET).size)).toBeGreaterThanOrEqual(128);
    expect(generateGatewayPassword()).toHaveLength(GATEWAY_PASSWORD_LENGTH);
  });

  it('uses only letters and digits, so it is URL-safe and needs no quoting on a command line', () => {
    for (let i = 0; i < 200; i++) expect(generateGatewayPassword()).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('never repeats', () => {
    const seen = new Set(Array.from({ length: 5000 }, () => generateGatewayPassword()));
    expect(seen.size).toBe(5000);
  });

  it('draws every character about equally often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    const passwords = 10_000;
    for (let i = 0; i < passwords; i++) for (const c of generateGatewayPassword()) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (passwords * GATEWAY_PASSWORD_LENGTH) / GATEWAY_PASSWORD_ALPHABET.length;
    expect(counts.size).toBe(GATEWAY_PASSWORD_ALPHABET.length);
    // ~5161 expected, σ ≈ 71: ±10 % is 7σ, while a plain `byte % 62` skews 8 characters by +25 %.
    for (const [c, count] of counts) expect({ c, deviation: Math.abs(count / expected - 1) < 0.1 }).toEqual({ c, deviation: true });
  });
});
