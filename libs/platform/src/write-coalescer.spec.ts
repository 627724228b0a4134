import { WriteCoalescer } from './write-coalescer';

describe('WriteCoalescer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('flushes at the next turn when idle, once for every ask made before it runs', () => {
    const flush = jest.fn();
    const writes = new WriteCoalescer(flush, 10);
    writes.schedule();
    writes.schedule();
    writes.schedule();
    expect(flush).not.toHaveBeenCalled();
    jest.runOnlyPendingTimers(); // the immediate
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('waits until the interval since the previous flush has passed when busy', () => {
    const flush = jest.fn();
    const writes = new WriteCoalescer(flush, 10);
    writes.schedule();
    jest.advanceTimersByTime(0);
    jest.runOnlyPendingTimers();
    expect(flush).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(3);
    writes.schedule();
    writes.schedule();
    jest.advanceTimersByTime(6);
    expect(flush).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    expect(flush).toHaveBeenCalledTimes(2);
    // Long after: at the next turn again.
    jest.advanceTimersByTime(50);
    writes.schedule();
    jest.runOnlyPendingTimers();
    expect(flush).toHaveBeenCalledTimes(3);
  });

  it('flushes at once when asked to, and the pending timer then does nothing', () => {
    const flush = jest.fn();
    const writes = new WriteCoalescer(flush, 10);
    writes.schedule();
    writes.now();
    expect(flush).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(100);
    jest.runOnlyPendingTimers();
    expect(flush).toHaveBeenCalledTimes(1);
  });
});
