// Incident policy: how severe each incident type is, how long a condition must stand before
// it opens an incident (debounce), how long a resolved incident can come back (reopen
// window), and when traffic counts as congested. Defaults below; the incident service
// overlays a partial JSON document (its INCIDENT_POLICY variable) with `parsePolicy`, which
// names the offending key of a bad override so the service can refuse to boot.
import { IDENTIFIER_PATTERN, INCIDENT_TYPES, IncidentType, SEVERITIES, Severity } from '@ioc/contracts';

/**
 * Congestion hysteresis. A telemetry interval starts congestion when occupancy reaches
 * `startOccupancy` or the average speed drops to `startSpeedKmh`; it ends only when
 * occupancy is below `endOccupancy` and the speed above `endSpeedKmh`. Between the two
 * bands nothing is signalled, so a road hovering around one threshold does not flap.
 */
export interface CongestionThresholds {
  startOccupancy: number;
  startSpeedKmh: number;
  endOccupancy: number;
  endSpeedKmh: number;
}

export interface IncidentPolicy {
  severity: Record<IncidentType, Severity>;
  /** Seconds a condition must stand before it opens an incident; instant events ignore it. */
  debounceS: Record<IncidentType, number>;
  /** A resolved incident whose condition returns within this many seconds is reopened; 0 never reopens. */
  reopenWindowS: number;
  /**
   * After a gateway comes back, its devices get this long to report before a device that
   * is still offline opens its own incident. Devices send a status at least every
   * heartbeatTimeoutS / 3 (default timeout 90 s), so a healthy one reports well within it.
   */
  gatewayGraceS: number;
  congestion: CongestionThresholds;
  /** Per key area (area code), complete thresholds: overrides merged onto `congestion`. */
  congestionByArea: Record<string, CongestionThresholds>;
}

// Severities follow what an operator must drop everything for. A camera that is blind
// (video loss), tampered with or cut off behind its gateway (a whole site dark) is
// critical: the area is not watched at all. A single device offline or a storage or
// recording fault is major: the area may still be covered by neighbours, but evidence is
// being lost. Accidents are critical (people may be hurt); wrong-way driving and
// intrusions are major (someone is in danger or somewhere they must not be, now). The
// rest are minor: they are enforcement or traffic-management matters that feed reports
// and can wait for the next operator.
const DEFAULT_SEVERITY: Record<IncidentType, Severity> = {
  device_offline: 'major',
  gateway_offline: 'critical',
  video_loss: 'critical',
  tamper: 'critical',
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
};

// device_offline is 0 because the registry already waited for the heartbeat timeout;
// gateway_offline is 0 because the broker's Last Will fires only after the keep-alive ran
// out; tamper is 0 because even a short tamper is worth a look. Video loss, storage and
// recording faults often clear within seconds (encoder restart, disk remount), and
// congestion must persist for a couple of telemetry intervals to be more than a red light.
const DEFAULT_DEBOUNCE_S: Record<IncidentType, number> = {
  device_offline: 0,
  gateway_offline: 0,
  video_loss: 10,
  tamper: 0,
  storage_failure: 30,
  recording_off: 30,
  accident: 0,
  wrong_way: 0,
  intrusion: 0,
  crowd: 0,
  illegal_parking: 0,
  red_light: 0,
  speeding: 0,
  congestion: 120,
};

const DEFAULT_CONGESTION: CongestionThresholds = { startOccupancy: 0.85, startSpeedKmh: 10, endOccupancy: 0.6, endSpeedKmh: 20 };

export function defaultPolicy(): IncidentPolicy {
  return {
    severity: { ...DEFAULT_SEVERITY },
    debounceS: { ...DEFAULT_DEBOUNCE_S },
    reopenWindowS: 1800,
    gatewayGraceS: 90,
    congestion: { ...DEFAULT_CONGESTION },
    congestionByArea: {},
  };
}

/** The defaults, frozen. Use `defaultPolicy()` for a copy you may change. */
export const DEFAULT_POLICY: Readonly<IncidentPolicy> = Object.freeze(defaultPolicy());

/** The congestion thresholds that apply in a key area. */
export function congestionThresholdsFor(policy: IncidentPolicy, areaCode: string): CongestionThresholds {
  return policy.congestionByArea[areaCode] ?? policy.congestion;
}

/** A bad policy override. `path` is the dotted key inside the document ('' for the whole). */
export class PolicyError extends Error {
  readonly code = 'invalid_policy';
  constructor(
    readonly source: string,
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path ? `${source}.${path}` : source}: ${reason}`);
    this.name = 'PolicyError';
  }
}

const LIMITS = {
  debounceS: 86_400,
  reopenWindowS: 30 * 86_400,
  gatewayGraceS: 3_600,
  speedKmh: 400,
};

const TOP_KEYS = ['severity', 'debounceS', 'reopenWindowS', 'gatewayGraceS', 'congestion', 'congestionByArea'] as const;
const THRESHOLD_KEYS = ['startOccupancy', 'startSpeedKmh', 'endOccupancy', 'endSpeedKmh'] as const;

/**
 * Merges a partial JSON override onto the defaults. `undefined`, '' or whitespace mean "no
 * override". Throws `PolicyError` naming the bad key, e.g.
 * `INCIDENT_POLICY.debounceS.video_loss: must be a number of seconds from 0 to 86400 (got "10")`.
 *
 * ```json
 * { "severity": { "crowd": "major" }, "debounceS": { "video_loss": 20 }, "reopenWindowS": 900,
 *   "congestion": { "startSpeedKmh": 8 }, "congestionByArea": { "DH-LTK": { "startOccupancy": 0.75 } } }
 * ```
 */
export function parsePolicy(jsonText: string | undefined, source = 'INCIDENT_POLICY'): IncidentPolicy {
  const policy = defaultPolicy();
  if (jsonText === undefined || jsonText.trim() === '') return policy;

  const fail = (path: string, reason: string): never => {
    throw new PolicyError(source, path, reason);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(jsonText);
  } catch (err) {
    return fail('', `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const root = asObject(doc, '', fail);
  for (const key of Object.keys(root)) {
    if (!(TOP_KEYS as readonly string[]).includes(key)) fail(key, `unknown key; expected one of ${TOP_KEYS.join(', ')}`);
  }

  if (root.severity !== undefined) {
    const severities = asObject(root.severity, 'severity', fail);
    for (const [type, value] of Object.entries(severities)) {
      const path = `severity.${type}`;
      checkIncidentType(type, path, fail);
      if (typeof value !== 'string' || !(SEVERITIES as readonly string[]).includes(value)) {
        fail(path, `must be one of ${SEVERITIES.join(', ')} (got ${show(value)})`);
      }
      policy.severity[type as IncidentType] = value as Severity;
    }
  }

  if (root.debounceS !== undefined) {
    const debounces = asObject(root.debounceS, 'debounceS', fail);
    for (const [type, value] of Object.entries(debounces)) {
      const path = `debounceS.${type}`;
      checkIncidentType(type, path, fail);
      policy.debounceS[type as IncidentType] = seconds(value, LIMITS.debounceS, path, fail);
    }
  }

  if (root.reopenWindowS !== undefined) policy.reopenWindowS = seconds(root.reopenWindowS, LIMITS.reopenWindowS, 'reopenWindowS', fail);
  if (root.gatewayGraceS !== undefined) policy.gatewayGraceS = seconds(root.gatewayGraceS, LIMITS.gatewayGraceS, 'gatewayGraceS', fail);

  if (root.congestion !== undefined) {
    policy.congestion = thresholds(root.congestion, policy.congestion, 'congestion', fail);
  }
  if (root.congestionByArea !== undefined) {
    const areas = asObject(root.congestionByArea, 'congestionByArea', fail);
    for (const [areaCode, value] of Object.entries(areas)) {
      const path = `congestionByArea.${areaCode}`;
      if (!IDENTIFIER_PATTERN.test(areaCode)) fail(path, 'not a key area code (1-64 characters of A-Z, a-z, 0-9, "_" or "-")');
      policy.congestionByArea[areaCode] = thresholds(value, policy.congestion, path, fail);
    }
  }
  return policy;
}

type Fail = (path: string, reason: string) => never;

function asObject(value: unknown, path: string, fail: Fail): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(path, `must be a JSON object (got ${show(value)})`);
  }
  return value as Record<string, unknown>;
}

function checkIncidentType(type: string, path: string, fail: Fail): void {
  if (!(INCIDENT_TYPES as readonly string[]).includes(type)) {
    fail(path, `unknown incident type; expected one of ${INCIDENT_TYPES.join(', ')}`);
  }
}

function seconds(value: unknown, max: number, path: string, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    return fail(path, `must be a number of seconds from 0 to ${max} (got ${show(value)})`);
  }
  return value;
}

function thresholds(value: unknown, base: CongestionThresholds, path: string, fail: Fail): CongestionThresholds {
  const override = asObject(value, path, fail);
  const merged: CongestionThresholds = { ...base };
  for (const [key, v] of Object.entries(override)) {
    const keyPath = `${path}.${key}`;
    if (!(THRESHOLD_KEYS as readonly string[]).includes(key)) fail(keyPath, `unknown key; expected one of ${THRESHOLD_KEYS.join(', ')}`);
    const isOccupancy = key.endsWith('Occupancy');
    const max = isOccupancy ? 1 : LIMITS.speedKmh;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) {
      fail(keyPath, `must be a number from 0 to ${max}${isOccupancy ? ' (a share of the interval)' : ' (km/h)'} (got ${show(v)})`);
    }
    merged[key as keyof CongestionThresholds] = v as number;
  }
  // An inverted band would start and end congestion on the same reading and flap.
  if (merged.endOccupancy > merged.startOccupancy) {
    fail(`${path}.endOccupancy`, `must not exceed startOccupancy (${merged.endOccupancy} > ${merged.startOccupancy})`);
  }
  if (merged.endSpeedKmh < merged.startSpeedKmh) {
    fail(`${path}.endSpeedKmh`, `must not be below startSpeedKmh (${merged.endSpeedKmh} < ${merged.startSpeedKmh})`);
  }
  return merged;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
