import {
  ackDeadline,
  DEFAULT_RESPONSE_POLICY,
  escalationAt,
  escalationLevelAt,
  IncidentResponseRow,
  incidentResponse,
  resolveDeadline,
  responsePolicy,
  responseReport,
  summarizeResponse,
  summarizeResponseBy,
} from './response';
import { local, slaErrorCode } from './sla.fixture';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const OPENED = local('2026-11-10T08:00:00');
const REPORT_END = local('2026-12-01T00:00:00');

describe('response targets', () => {
  it('uses the DESIGN defaults: critical 5 min / 4 h, major 15 min / 24 h, minor 60 min / 72 h, info none', () => {
    expect(DEFAULT_RESPONSE_POLICY.targets).toEqual({
      critical: { acknowledgeMs: 5 * MINUTE, resolveMs: 4 * HOUR },
      major: { acknowledgeMs: 15 * MINUTE, resolveMs: 24 * HOUR },
      minor: { acknowledgeMs: 60 * MINUTE, resolveMs: 72 * HOUR },
      info: { acknowledgeMs: null, resolveMs: null },
    });
    expect(responsePolicy()).toEqual(DEFAULT_RESPONSE_POLICY);
  });

  it('gives the deadlines from the opening', () => {
    expect(ackDeadline(OPENED, 'critical')).toBe(local('2026-11-10T08:05:00'));
    expect(ackDeadline(OPENED, 'major')).toBe(local('2026-11-10T08:15:00'));
    expect(resolveDeadline(OPENED, 'minor')).toBe(local('2026-11-13T08:00:00'));
    expect(ackDeadline(OPENED, 'info')).toBeNull();
  });

  it('merges overrides and names a bad key', () => {
    const policy = responsePolicy({ targets: { critical: { acknowledgeMs: 2 * MINUTE }, info: { resolveMs: 7 * 24 * HOUR } }, maxEscalationLevel: 5 });
    expect(policy.targets.critical).toEqual({ acknowledgeMs: 2 * MINUTE, resolveMs: 4 * HOUR });
    expect(policy.targets.info).toEqual({ acknowledgeMs: null, resolveMs: 7 * 24 * HOUR });
    expect(policy.maxEscalationLevel).toBe(5);

    expect(() => responsePolicy({ targets: { major: { acknowledgeMs: 0 } } })).toThrow('targets.major.acknowledgeMs');
    expect(() => responsePolicy({ targets: { minor: { resolveMs: 30 * MINUTE } } })).toThrow('targets.minor.resolveMs: must not be shorter');
    expect(() => responsePolicy({ targets: { urgent: { acknowledgeMs: MINUTE } } } as never)).toThrow('targets.urgent: not a severity');
    expect(slaErrorCode(() => responsePolicy({ maxEscalationLevel: -1 }))).toBe('invalid_policy');
    expect(slaErrorCode(() => responsePolicy({ maxEscalationLevel: 1.5 }))).toBe('invalid_policy');
  });
});

describe('incident response compliance', () => {
  it('counts an acknowledgement exactly at the deadline as compliant', () => {
    // Critical, opened 08:00:00, acknowledged 08:05:00: 5 min ≤ 5 min.
    const r = incidentResponse({ severity: 'critical', openedAt: OPENED, acknowledgedAt: OPENED + 5 * MINUTE, resolvedAt: null }, REPORT_END);
    expect(r.timeToAcknowledgeMs).toBe(5 * MINUTE);
    expect(r.acknowledgeStoppedBy).toBe('acknowledgement');
    expect(r.acknowledge).toBe('compliant');
  });

  it('counts an acknowledgement one second late as a breach', () => {
    // Acknowledged 08:05:01: 5 min 1 s > 5 min.
    const r = incidentResponse({ severity: 'critical', openedAt: OPENED, acknowledgedAt: OPENED + 5 * MINUTE + SECOND, resolvedAt: null }, REPORT_END);
    expect(r.timeToAcknowledgeMs).toBe(5 * MINUTE + SECOND);
    expect(r.acknowledge).toBe('breached');
  });

  it('keeps an incident not yet due pending', () => {
    // Major, opened 3 min before the report's end, nobody acknowledged yet: deadline 12 min ahead.
    const opened = REPORT_END - 3 * MINUTE;
    const r = incidentResponse({ severity: 'major', openedAt: opened, acknowledgedAt: null, resolvedAt: null }, REPORT_END);
    expect(r).toMatchObject({ acknowledge: 'pending', resolve: 'pending', timeToAcknowledgeMs: null, timeToResolveMs: null });
  });

  it('keeps it pending at the deadline itself and breaches it one millisecond after', () => {
    // An acknowledgement could still arrive at the deadline and be compliant.
    const incident = { severity: 'critical' as const, openedAt: OPENED, acknowledgedAt: null, resolvedAt: null };
    expect(incidentResponse(incident, OPENED + 5 * MINUTE).acknowledge).toBe('pending');
    expect(incidentResponse(incident, OPENED + 5 * MINUTE + 1).acknowledge).toBe('breached');
  });

  it('counts an incident still unacknowledged past its deadline at the report end as a breach', () => {
    const r = incidentResponse({ severity: 'minor', openedAt: OPENED, acknowledgedAt: null, resolvedAt: null }, REPORT_END);
    expect(r).toMatchObject({ acknowledge: 'breached', resolve: 'breached', timeToAcknowledgeMs: null });
  });

  it('ignores what happened after the report end', () => {
    // Acknowledged in December, after a November report's end: at the end it was unacknowledged.
    const r = incidentResponse({ severity: 'minor', openedAt: OPENED, acknowledgedAt: REPORT_END + HOUR, resolvedAt: REPORT_END + 2 * HOUR }, REPORT_END);
    expect(r).toMatchObject({ acknowledge: 'breached', resolve: 'breached', timeToAcknowledgeMs: null, timeToResolveMs: null });
  });

  it('judges resolution against the resolve target', () => {
    // Major: resolved 24 h after opening → compliant; 24 h + 1 ms → breached.
    const at24h = incidentResponse({ severity: 'major', openedAt: OPENED, acknowledgedAt: OPENED + MINUTE, resolvedAt: OPENED + 24 * HOUR }, REPORT_END);
    expect(at24h).toMatchObject({ acknowledge: 'compliant', resolve: 'compliant', timeToResolveMs: 24 * HOUR });
    const late = incidentResponse({ severity: 'major', openedAt: OPENED, acknowledgedAt: OPENED + MINUTE, resolvedAt: OPENED + 24 * HOUR + 1 }, REPORT_END);
    expect(late.resolve).toBe('breached');
  });

  it('stops the acknowledgement clock at a resolution that came first', () => {
    // Auto-resolved 2 min after opening (device back), never acknowledged: acknowledged in time.
    const quick = incidentResponse({ severity: 'critical', openedAt: OPENED, acknowledgedAt: null, resolvedAt: OPENED + 2 * MINUTE }, REPORT_END);
    expect(quick).toMatchObject({ acknowledge: 'compliant', acknowledgeStoppedBy: 'resolution', timeToAcknowledgeMs: 2 * MINUTE, resolve: 'compliant' });
    // Resolved after 20 min without an acknowledgement: the 5-minute acknowledgement was missed.
    const slow = incidentResponse({ severity: 'critical', openedAt: OPENED, acknowledgedAt: null, resolvedAt: OPENED + 20 * MINUTE }, REPORT_END);
    expect(slow).toMatchObject({ acknowledge: 'breached', resolve: 'compliant' });
  });

  it('sets no target for info incidents', () => {
    const r = incidentResponse({ severity: 'info', openedAt: OPENED, acknowledgedAt: null, resolvedAt: null }, REPORT_END);
    expect(r).toMatchObject({ acknowledge: 'no_target', resolve: 'no_target', acknowledgeDeadline: null, resolveDeadline: null });
  });

  it('refuses an acknowledgement before the opening and an incident opened after the report end', () => {
    expect(slaErrorCode(() => incidentResponse({ severity: 'major', openedAt: OPENED, acknowledgedAt: OPENED - 1, resolvedAt: null }, REPORT_END))).toBe(
      'invalid_incident',
    );
    expect(slaErrorCode(() => incidentResponse({ severity: 'major', openedAt: REPORT_END + 1, acknowledgedAt: null, resolvedAt: null }, REPORT_END))).toBe(
      'invalid_incident',
    );
  });
});

describe('compliance summaries', () => {
  it('is compliant ÷ decided, leaving pending and untargeted incidents out', () => {
    const s = summarizeResponse([
      { acknowledge: 'compliant', resolve: 'compliant' },
      { acknowledge: 'compliant', resolve: 'pending' },
      { acknowledge: 'breached', resolve: 'breached' },
      { acknowledge: 'pending', resolve: 'pending' },
      { acknowledge: 'no_target', resolve: 'no_target' },
    ]);
    // Acknowledge: 2 compliant, 1 breached → 2/3. Resolve: 1 compliant, 1 breached → 1/2.
    expect(s.incidents).toBe(5);
    expect(s.acknowledge).toEqual({ compliant: 2, breached: 1, pending: 1, noTarget: 1, decided: 3, compliance: 2 / 3 });
    expect(s.resolve).toEqual({ compliant: 1, breached: 1, pending: 2, noTarget: 1, decided: 2, compliance: 1 / 2 });
  });

  it('has nothing to judge when nothing is decided', () => {
    expect(summarizeResponse([{ acknowledge: 'pending', resolve: 'no_target' }]).acknowledge.compliance).toBeNull();
    expect(summarizeResponse([]).resolve.compliance).toBeNull();
  });

  it('skips items without a group', () => {
    const groups = summarizeResponseBy(
      [
        { k: 'x' as string | null, acknowledge: 'compliant' as const, resolve: 'compliant' as const },
        { k: null, acknowledge: 'breached' as const, resolve: 'breached' as const },
      ],
      (i) => i.k,
      (i) => i,
    );
    expect(Object.keys(groups)).toEqual(['x']);
  });

  it('reports per severity, area, contractor, local month and local day', () => {
    // 1: critical, DH-LTK, VNPT, acknowledged at 5 min exactly → ack compliant; resolved 3 h → compliant.
    // 2: critical, DH-LTK, VNPT, acknowledged at 5 min 1 s → breach; resolved 5 h → breach.
    // 3: major, QN-CHO, Viettel, opened 1 Nov 00:30 local (31 Oct 17:30Z, still October in UTC),
    //    acknowledged at 10 min → compliant; resolved 30 h → breach.
    // 4: minor, QN-CHO, gateway incident without a contractor, opened 30 min before the end,
    //    unacknowledged → pending both.
    // Critical ack: 1/2; major ack 1/1; minor nothing decided. Overall ack 2/3; resolve 1/3.
    const rows: IncidentResponseRow[] = [
      { severity: 'critical', areaCode: 'DH-LTK', contractor: 'VNPT', openedAt: OPENED, acknowledgedAt: OPENED + 5 * MINUTE, resolvedAt: OPENED + 3 * HOUR },
      { severity: 'critical', areaCode: 'DH-LTK', contractor: 'VNPT', openedAt: OPENED, acknowledgedAt: OPENED + 5 * MINUTE + SECOND, resolvedAt: OPENED + 5 * HOUR },
      {
        severity: 'major',
        areaCode: 'QN-CHO',
        contractor: 'Viettel',
        openedAt: local('2026-11-01T00:30:00'),
        acknowledgedAt: local('2026-11-01T00:40:00'),
        resolvedAt: local('2026-11-02T06:30:00'),
      },
      { severity: 'minor', areaCode: 'QN-CHO', contractor: null, openedAt: REPORT_END - 30 * MINUTE, acknowledgedAt: null, resolvedAt: null },
    ];
    const report = responseReport(rows, REPORT_END);
    expect(report.overall.incidents).toBe(4);
    expect(report.overall.acknowledge.compliance).toBe(2 / 3);
    expect(report.overall.resolve.compliance).toBe(1 / 3);
    expect(report.bySeverity['critical'].acknowledge.compliance).toBe(1 / 2);
    expect(report.bySeverity['major'].acknowledge.compliance).toBe(1);
    expect(report.bySeverity['minor'].acknowledge).toMatchObject({ pending: 1, decided: 0, compliance: null });
    expect(report.byArea['DH-LTK'].resolve.compliance).toBe(1 / 2);
    expect(report.byArea['QN-CHO'].resolve).toMatchObject({ breached: 1, pending: 1, compliance: 0 });
    expect(Object.keys(report.byContractor)).toEqual(['VNPT', 'Viettel']);
    expect(Object.keys(report.byMonth)).toEqual(['2026-11']);
    expect(Object.keys(report.byDate)).toEqual(['2026-11-01', '2026-11-10', '2026-11-30']);
  });
});

describe('escalation of a missed acknowledgement', () => {
  it('raises a level at the deadline and at each further multiple of the target, up to the maximum', () => {
    // Critical, target 5 min, max level 3: level 1 at 08:05, 2 at 08:10, 3 at 08:15, then stays 3.
    expect(escalationLevelAt(OPENED, 'critical', OPENED)).toBe(0);
    expect(escalationLevelAt(OPENED, 'critical', OPENED + 5 * MINUTE - 1)).toBe(0);
    expect(escalationLevelAt(OPENED, 'critical', OPENED + 5 * MINUTE)).toBe(1);
    expect(escalationLevelAt(OPENED, 'critical', OPENED + 10 * MINUTE - 1)).toBe(1);
    expect(escalationLevelAt(OPENED, 'critical', OPENED + 10 * MINUTE)).toBe(2);
    expect(escalationLevelAt(OPENED, 'critical', OPENED + 15 * MINUTE)).toBe(3);
    expect(escalationLevelAt(OPENED, 'critical', OPENED + 24 * HOUR)).toBe(3);
    // Major, target 15 min: level 1 at 08:15, 2 at 08:30.
    expect(escalationLevelAt(OPENED, 'major', OPENED + 29 * MINUTE)).toBe(1);
    expect(escalationLevelAt(OPENED, 'major', OPENED + 30 * MINUTE)).toBe(2);
  });

  it('follows a configured maximum level, and 0 turns escalation off', () => {
    expect(escalationLevelAt(OPENED, 'critical', OPENED + HOUR, responsePolicy({ maxEscalationLevel: 5 }))).toBe(5);
    expect(escalationLevelAt(OPENED, 'critical', OPENED + HOUR, responsePolicy({ maxEscalationLevel: 0 }))).toBe(0);
  });

  it('never escalates an info incident nor before the opening', () => {
    expect(escalationLevelAt(OPENED, 'info', OPENED + 30 * 24 * HOUR)).toBe(0);
    expect(escalationLevelAt(OPENED, 'critical', OPENED - HOUR)).toBe(0);
  });

  it('says when each level is reached, for scheduling', () => {
    expect(escalationAt(OPENED, 'critical', 1)).toBe(ackDeadline(OPENED, 'critical'));
    expect(escalationAt(OPENED, 'critical', 2)).toBe(OPENED + 10 * MINUTE);
    expect(escalationAt(OPENED, 'minor', 3)).toBe(OPENED + 3 * HOUR);
    expect(escalationAt(OPENED, 'critical', 4)).toBeNull();
    expect(escalationAt(OPENED, 'critical', 0)).toBeNull();
    expect(escalationAt(OPENED, 'info', 1)).toBeNull();
  });
});
