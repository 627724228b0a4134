import { INCIDENT_TYPES } from '@ioc/contracts';
import { congestionThresholdsFor, DEFAULT_POLICY, defaultPolicy, parsePolicy, PolicyError } from './policy';

function errorOf(text: string): PolicyError {
  try {
    parsePolicy(text);
  } catch (err) {
    if (err instanceof PolicyError) return err;
    throw err;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('incident policy defaults', () => {
  it('has a severity and a debounce for every incident type', () => {
    for (const type of INCIDENT_TYPES) {
      expect(DEFAULT_POLICY.severity[type]).toBeDefined();
      expect(DEFAULT_POLICY.debounceS[type]).toBeGreaterThanOrEqual(0);
    }
  });

  it('uses the agreed severities', () => {
    expect(DEFAULT_POLICY.severity).toEqual({
      tamper: 'critical',
      video_loss: 'critical',
      gateway_offline: 'critical',
      device_offline: 'major',
      storage_failure: 'major',
      recording_off: 'major',
      accident: 'critical',
      wrong_way: 'major',
      intrusion: 'major',
      crowd: 'minor',
      illegal_parking: 'minor',
      red_light: 'minor',
      speeding: 'minor',
      congestion: 'minor',
    });
  });

  it('debounces video loss 10 s, storage and recording 30 s, congestion 120 s and nothing else', () => {
    const debounced = Object.entries(DEFAULT_POLICY.debounceS).filter(([, v]) => v > 0);
    expect(Object.fromEntries(debounced)).toEqual({ video_loss: 10, storage_failure: 30, recording_off: 30, congestion: 120 });
  });

  it('reopens within 30 minutes and starts congestion at occupancy 0.85 or 10 km/h, ending below 0.6 and above 20 km/h', () => {
    expect(DEFAULT_POLICY.reopenWindowS).toBe(1800);
    expect(DEFAULT_POLICY.congestion).toEqual({ startOccupancy: 0.85, startSpeedKmh: 10, endOccupancy: 0.6, endSpeedKmh: 20 });
  });
});

describe('parsing a policy override', () => {
  it('returns the defaults for no override, an empty string or whitespace', () => {
    expect(parsePolicy(undefined)).toEqual(defaultPolicy());
    expect(parsePolicy('')).toEqual(defaultPolicy());
    expect(parsePolicy('  \n')).toEqual(defaultPolicy());
  });

  it('merges a partial override onto the defaults', () => {
    const policy = parsePolicy(
      JSON.stringify({
        severity: { crowd: 'major' },
        debounceS: { video_loss: 20 },
        reopenWindowS: 900,
        gatewayGraceS: 120,
        congestion: { startSpeedKmh: 8 },
      }),
    );
    expect(policy.severity.crowd).toBe('major');
    expect(policy.severity.tamper).toBe('critical');
    expect(policy.debounceS).toEqual({ ...defaultPolicy().debounceS, video_loss: 20 });
    expect(policy.reopenWindowS).toBe(900);
    expect(policy.gatewayGraceS).toBe(120);
    expect(policy.congestion).toEqual({ startOccupancy: 0.85, startSpeedKmh: 8, endOccupancy: 0.6, endSpeedKmh: 20 });
  });

  it('gives a key area its own thresholds on top of the province-wide ones', () => {
    const policy = parsePolicy(JSON.stringify({ congestion: { endSpeedKmh: 25 }, congestionByArea: { 'DH-LTK': { startOccupancy: 0.75 } } }));
    expect(congestionThresholdsFor(policy, 'DH-LTK')).toEqual({ startOccupancy: 0.75, startSpeedKmh: 10, endOccupancy: 0.6, endSpeedKmh: 25 });
    expect(congestionThresholdsFor(policy, 'QN-01')).toEqual({ startOccupancy: 0.85, startSpeedKmh: 10, endOccupancy: 0.6, endSpeedKmh: 25 });
  });

  it('never lets one parse change another, nor the defaults', () => {
    parsePolicy(JSON.stringify({ severity: { crowd: 'info' } }));
    expect(parsePolicy(undefined).severity.crowd).toBe('minor');
    expect(DEFAULT_POLICY.severity.crowd).toBe('minor');
  });

  it.each([
    ['{not json', 'INCIDENT_POLICY: not valid JSON'],
    ['[1,2]', 'INCIDENT_POLICY: must be a JSON object (got [1,2])'],
    ['{"debounce": {}}', 'INCIDENT_POLICY.debounce: unknown key; expected one of severity, debounceS, reopenWindowS, gatewayGraceS, congestion, congestionByArea'],
    ['{"severity": "high"}', 'INCIDENT_POLICY.severity: must be a JSON object (got "high")'],
    ['{"severity": {"fire": "major"}}', 'INCIDENT_POLICY.severity.fire: unknown incident type; expected one of device_offline'],
    ['{"severity": {"crowd": "urgent"}}', 'INCIDENT_POLICY.severity.crowd: must be one of critical, major, minor, info (got "urgent")'],
    ['{"debounceS": {"video_loss": "10"}}', 'INCIDENT_POLICY.debounceS.video_loss: must be a number of seconds from 0 to 86400 (got "10")'],
    ['{"debounceS": {"video_loss": -1}}', 'INCIDENT_POLICY.debounceS.video_loss: must be a number of seconds from 0 to 86400 (got -1)'],
    ['{"reopenWindowS": null}', 'INCIDENT_POLICY.reopenWindowS: must be a number of seconds from 0 to 2592000 (got null)'],
    ['{"gatewayGraceS": 7200}', 'INCIDENT_POLICY.gatewayGraceS: must be a number of seconds from 0 to 3600 (got 7200)'],
    ['{"congestion": {"startOccupancy": 85}}', 'INCIDENT_POLICY.congestion.startOccupancy: must be a number from 0 to 1 (a share of the interval) (got 85)'],
    ['{"congestion": {"startSpeed": 8}}', 'INCIDENT_POLICY.congestion.startSpeed: unknown key; expected one of startOccupancy, startSpeedKmh, endOccupancy, endSpeedKmh'],
    ['{"congestion": {"endOccupancy": 0.9}}', 'INCIDENT_POLICY.congestion.endOccupancy: must not exceed startOccupancy (0.9 > 0.85)'],
    ['{"congestionByArea": {"DH-LTK": {"endSpeedKmh": 5}}}', 'INCIDENT_POLICY.congestionByArea.DH-LTK.endSpeedKmh: must not be below startSpeedKmh (5 < 10)'],
    ['{"congestionByArea": {"Đồng Hới": {}}}', 'INCIDENT_POLICY.congestionByArea.Đồng Hới: not a key area code'],
  ])('refuses %s, naming the key', (text, message) => {
    const err = errorOf(text);
    expect(err.message.startsWith(message)).toBe(true);
    expect(err.code).toBe('invalid_policy');
  });

  it('says where the bad key is in its fields, under the name the caller gives', () => {
    try {
      parsePolicy('{"debounceS": {"tamper": true}}', 'policy.json');
      throw new Error('expected a PolicyError');
    } catch (err) {
      expect(err).toBeInstanceOf(PolicyError);
      expect(err).toMatchObject({ source: 'policy.json', path: 'debounceS.tamper', message: expect.stringMatching(/^policy\.json\.debounceS\.tamper: /) });
    }
  });
});
