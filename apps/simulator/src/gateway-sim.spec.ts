import { heartbeatSpacingMs } from './gateway-sim';

describe('heartbeat spacing', () => {
  const shape = { devices: 216, cameras: 162, sensors: 54, telemetryPerReport: 4, telemetryS: 60, eventMeanS: 600 };

  it('is the configured heartbeat when no target rate is given', () => {
    expect(heartbeatSpacingMs(30, undefined, shape).heartbeatMs).toBe(30_000);
  });

  it('fills the target rate with heartbeats on top of telemetry and events', () => {
    const { heartbeatMs, backgroundRate } = heartbeatSpacingMs(30, 5000, shape);
    expect(backgroundRate).toBeCloseTo((54 * 4) / 60 + (162 * 1.3) / 600);
    const total = shape.devices / (heartbeatMs / 1000) + backgroundRate;
    expect(total).toBeCloseTo(5000);
  });

  it('keeps heartbeats going when the target rate is below the background traffic', () => {
    const { heartbeatMs } = heartbeatSpacingMs(30, 1, shape);
    expect(shape.devices / (heartbeatMs / 1000)).toBeCloseTo(0.05);
  });
});
