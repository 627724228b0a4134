import { RemoteError } from '@ioc/platform';
import { FrigateCameraResolver, type FrigateCameraAnswer, type FrigateCameraResolverOptions } from './frigate-camera.resolver';

/** A registry stand-in with a hand-driven clock: answers from `register`, or fails while `down`. */
function setup(options: Partial<FrigateCameraResolverOptions> = {}) {
  let clock = 1_000_000;
  const register = new Map<string, FrigateCameraAnswer>([['GW-1/cong_chinh', { deviceId: 'CAM-1', areaCode: 'DH-TT' }]]);
  const state = { down: false as false | Error, calls: 0 };
  const lookup = async (gatewayId: string, camera: string): Promise<FrigateCameraAnswer> => {
    state.calls++;
    clock += 10;
    if (state.down) throw state.down;
    return register.get(`${gatewayId}/${camera}`) ?? { deviceId: null, areaCode: null };
  };
  const resolver = new FrigateCameraResolver(lookup, {
    ttlMs: 60_000,
    timeoutMs: 1000,
    retryPauseMs: 250,
    now: () => clock,
    pause: async (ms) => {
      clock += ms;
    },
    ...options,
  });
  return { resolver, state, register, advance: (ms: number) => (clock += ms) };
}

describe('Frigate camera resolution', () => {
  it('asks the registry once, then answers from the cache until the TTL has passed', async () => {
    const { resolver, state, advance } = setup();
    expect(await resolver.resolve('GW-1', 'cong_chinh')).toEqual({ ok: true, from: 'registry', deviceId: 'CAM-1', areaCode: 'DH-TT' });
    expect(await resolver.resolve('GW-1', 'cong_chinh')).toMatchObject({ ok: true, from: 'cache', deviceId: 'CAM-1' });
    expect(state.calls).toBe(1);
    advance(60_000);
    expect(await resolver.resolve('GW-1', 'cong_chinh')).toMatchObject({ from: 'registry' });
    expect(state.calls).toBe(2);
  });

  it('caches "not registered" too, and per gateway', async () => {
    const { resolver, state } = setup();
    expect(await resolver.resolve('GW-1', 'cong_sau')).toEqual({ ok: true, from: 'registry', deviceId: null, areaCode: null });
    expect(await resolver.resolve('GW-1', 'cong_sau')).toMatchObject({ from: 'cache', deviceId: null });
    expect(await resolver.resolve('GW-2', 'cong_chinh')).toMatchObject({ from: 'registry', deviceId: null });
    expect(state.calls).toBe(2);
  });

  it('asks once for simultaneous questions about the same camera', async () => {
    const { resolver, state } = setup();
    const answers = await Promise.all([resolver.resolve('GW-1', 'cong_chinh'), resolver.resolve('GW-1', 'cong_chinh'), resolver.resolve('GW-1', 'cong_chinh')]);
    expect(answers.map((a) => a.ok && a.deviceId)).toEqual(['CAM-1', 'CAM-1', 'CAM-1']);
    expect(state.calls).toBe(1);
  });

  it('retries while the registry is away, then gives up within the timeout with the reason', async () => {
    const { resolver, state } = setup();
    state.down = new Error('503');
    const r = await resolver.resolve('GW-1', 'cong_chinh');
    expect(r).toEqual({ ok: false, error: expect.stringContaining('registry did not resolve Frigate camera "cong_chinh" of GW-1 within 1000 ms: 503') });
    expect(state.calls).toBeGreaterThan(1);
    expect(state.calls).toBeLessThanOrEqual(5);
  });

  it('succeeds when the registry comes back within the timeout', async () => {
    const { resolver, state } = setup({
      pause: async () => {
        state.down = false;
      },
    });
    state.down = new Error('no responders');
    expect(await resolver.resolve('GW-1', 'cong_chinh')).toMatchObject({ ok: true, from: 'registry', deviceId: 'CAM-1' });
    expect(state.calls).toBe(2);
  });

  it('uses an expired answer while the registry is away', async () => {
    const { resolver, state, advance } = setup();
    await resolver.resolve('GW-1', 'cong_chinh');
    advance(120_000);
    state.down = new Error('timeout');
    expect(await resolver.resolve('GW-1', 'cong_chinh')).toEqual({ ok: true, from: 'stale', deviceId: 'CAM-1', areaCode: 'DH-TT' });
  });

  it('does not retry a question the registry refused as invalid', async () => {
    const { resolver, state } = setup();
    state.down = new RemoteError('invalid', 'frigateCamera: too long');
    expect(await resolver.resolve('GW-1', 'x')).toMatchObject({ ok: false });
    expect(state.calls).toBe(1);
  });

  it('keeps at most maxEntries cameras, dropping the oldest', async () => {
    const { resolver, state } = setup({ maxEntries: 2 });
    await resolver.resolve('GW-1', 'a');
    await resolver.resolve('GW-1', 'b');
    await resolver.resolve('GW-1', 'c');
    expect(await resolver.resolve('GW-1', 'c')).toMatchObject({ from: 'cache' });
    expect(await resolver.resolve('GW-1', 'a')).toMatchObject({ from: 'registry' });
    expect(state.calls).toBe(4);
  });
});
