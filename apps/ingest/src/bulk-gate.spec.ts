import { BulkGate } from './bulk-gate';

describe('bulk gate', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  const gate = (windowMs = 300, maxShutMs = 2000, minOpenMs = 500) => {
    const reopened: number[] = [];
    return { gate: new BulkGate({ windowMs, maxShutMs, minOpenMs, onReopen: (ms) => reopened.push(ms) }), reopened };
  };

  it('lets bulk work go on at once while no alarm came', () => {
    const { gate: g } = gate();
    const ran: string[] = [];
    g.whenOpen(() => ran.push('a'));
    expect(ran).toEqual(['a']);
    expect(g.shut).toBe(false);
  });

  it('holds bulk work for the window after an alarm, then lets it go in the order asked', () => {
    const { gate: g, reopened } = gate();
    const ran: string[] = [];
    g.alarm();
    g.whenOpen(() => ran.push('a'));
    g.whenOpen(() => ran.push('b'));
    jest.advanceTimersByTime(299);
    expect(ran).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(ran).toEqual(['a', 'b']);
    expect(reopened).toEqual([300]);
  });

  it('extends the window with each alarm, but stays shut at most maxShutMs, then open at least minOpenMs', () => {
    const { gate: g, reopened } = gate();
    g.alarm();
    // An alarm every 200 ms for 3 s: shut for the first 2 s only.
    for (let t = 200; t <= 3000; t += 200) {
      jest.advanceTimersByTime(200);
      g.alarm();
      if (t < 2000) expect(g.shut).toBe(true);
    }
    expect(reopened).toEqual([2000]);
    // Open from 2.0 s to 2.5 s whatever came; the alarm at 2.6 s shut it again, those at 2.8
    // and 3.0 s kept it shut until 3.3 s.
    expect(g.shut).toBe(true);
    jest.advanceTimersByTime(299);
    expect(g.shut).toBe(true);
    jest.advanceTimersByTime(1);
    expect(g.shut).toBe(false);
    expect(reopened).toEqual([2000, 700]);
  });

  it('lets bulk work through for turnMs of each turn of the event loop, the rest at the next turns, in order', () => {
    // Each piece of work takes 4 ms: three start in a turn of 10 ms (at 0, 4 and 8 ms).
    let clock = 0;
    const g = new BulkGate({ windowMs: 300, maxShutMs: 2000, minOpenMs: 500, turnMs: 10 }, Date.now, () => clock);
    const ran: string[] = [];
    const work = (name: string) => () => {
      ran.push(name);
      clock += 4;
    };
    for (const name of ['a', 'b', 'c', 'd', 'e']) g.whenOpen(work(name));
    expect(ran).toEqual(['a', 'b', 'c']);
    jest.runOnlyPendingTimers();
    expect(ran).toEqual(['a', 'b', 'c', 'd', 'e']);
    // One asked while others wait goes behind them, even with the turn's share left.
    g.whenOpen(work('f'));
    expect(ran).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    jest.runOnlyPendingTimers();
    // Shut, then opened: the turn's share still holds.
    g.alarm();
    for (const name of ['g', 'h', 'i', 'j']) g.whenOpen(work(name));
    jest.advanceTimersByTime(300);
    expect(g.shut).toBe(false);
    expect(ran.slice(6)).toEqual(['g', 'h', 'i']);
    jest.runOnlyPendingTimers();
    expect(ran.slice(6)).toEqual(['g', 'h', 'i', 'j']);
  });

  it('never shuts with a window of 0', () => {
    const { gate: g } = gate(0);
    g.alarm();
    expect(g.shut).toBe(false);
  });

  it('lets everything waiting go on when closed, and shuts no more', () => {
    const { gate: g } = gate();
    const ran: string[] = [];
    g.alarm();
    g.whenOpen(() => ran.push('a'));
    g.close();
    expect(ran).toEqual(['a']);
    // Nor is what it lets through counted per turn any more.
    let clock = 0;
    const limited = new BulkGate({ windowMs: 300, maxShutMs: 2000, minOpenMs: 500, turnMs: 1 }, Date.now, () => clock);
    for (const name of ['x', 'y', 'z']) {
      limited.whenOpen(() => ran.push(name));
      clock += 1;
    }
    expect(ran).toEqual(['a', 'x']);
    limited.close();
    expect(ran).toEqual(['a', 'x', 'y', 'z']);
    g.alarm();
    expect(g.shut).toBe(false);
  });
});
