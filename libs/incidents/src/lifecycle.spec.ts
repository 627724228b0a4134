import { Incident } from '@ioc/contracts';
import { applyOperatorAction, OperatorAction, OperatorResult } from './lifecycle';

const T0 = Date.parse('2026-11-27T08:00:00Z');
const at = (n: number) => T0 + n * 1000;
const iso = (n: number) => new Date(at(n)).toISOString();

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: '7f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70',
    dedupKey: 'device:CAM-1:tamper',
    type: 'tamper',
    severity: 'critical',
    status: 'open',
    areaCode: 'DH-LTK',
    gatewayId: 'GW-1',
    deviceId: 'CAM-1',
    title: 'Camera tampered with: CAM-1',
    count: 1,
    firstSeenAt: iso(0),
    lastSeenAt: iso(0),
    openedAt: iso(0),
    acknowledgedAt: null,
    acknowledgedBy: null,
    assignedTo: null,
    resolvedAt: null,
    resolvedBy: null,
    resolutionCode: null,
    resolutionNote: null,
    closedAt: null,
    reopenCount: 0,
    escalationLevel: 0,
    snapshotUrl: null,
    version: 1,
    ...overrides,
  };
}

const act = (kind: OperatorAction['kind'], extra: Partial<OperatorAction> = {}): OperatorAction => ({
  kind,
  actor: 'operator',
  note: '',
  expectedVersion: 1,
  ...extra,
});

function ok(r: OperatorResult) {
  if (!r.ok) throw new Error(`expected success, got ${r.error}: ${r.message}`);
  return r;
}

describe('operator lifecycle', () => {
  it('acknowledges an open incident: who, when, version + 1, one timeline entry', () => {
    const r = ok(applyOperatorAction(incident(), act('acknowledge', { note: 'watching' }), at(60)));
    expect(r.incident).toMatchObject({ status: 'acknowledged', acknowledgedAt: iso(60), acknowledgedBy: 'operator', version: 2 });
    expect(r.entry).toEqual({ at: iso(60), actor: 'operator', action: 'acknowledged', note: 'watching' });
  });

  it('refuses to acknowledge twice', () => {
    const acked = ok(applyOperatorAction(incident(), act('acknowledge'), at(60))).incident;
    const r = applyOperatorAction(acked, act('acknowledge', { actor: 'other', expectedVersion: 2 }), at(70));
    expect(r).toMatchObject({ ok: false, error: 'invalid_transition' });
    expect(!r.ok && r.message).toContain(`already acknowledged by operator at ${iso(60)}`);
  });

  it('refuses an action on a version the operator did not see, before anything else', () => {
    const r = applyOperatorAction(incident({ version: 3 }), act('acknowledge', { expectedVersion: 2 }), at(60));
    expect(r).toEqual({
      ok: false,
      error: 'stale_version',
      message: 'incident 7f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70 has changed since you saw it (version 3, you sent 2); reload it and try again',
    });
    expect(applyOperatorAction(incident({ status: 'closed', version: 3 }), act('comment', { note: 'x', expectedVersion: 2 }), at(1))).toMatchObject({
      error: 'stale_version',
    });
  });

  it('resolves from open and from acknowledged, with the code and note', () => {
    const fromOpen = ok(applyOperatorAction(incident(), act('resolve', { resolutionCode: 'false_alarm', note: 'a bird' }), at(60)));
    expect(fromOpen.incident).toMatchObject({
      status: 'resolved',
      resolvedAt: iso(60),
      resolvedBy: 'operator',
      resolutionCode: 'false_alarm',
      resolutionNote: 'a bird',
      acknowledgedAt: null,
    });
    expect(fromOpen.entry).toMatchObject({ action: 'resolved', note: 'false_alarm: a bird' });
    const fromAck = ok(applyOperatorAction(incident({ status: 'acknowledged' }), act('resolve', { resolutionCode: 'fixed_on_site' }), at(60)));
    expect(fromAck.incident).toMatchObject({ status: 'resolved', resolutionNote: null });
    expect(fromAck.entry.note).toBe('fixed_on_site');
  });

  it('requires a resolution code an operator may pick', () => {
    expect(applyOperatorAction(incident(), act('resolve'), at(1))).toMatchObject({ error: 'invalid_input' });
    expect(applyOperatorAction(incident(), act('resolve', { resolutionCode: 'auto_cleared' }), at(1))).toMatchObject({
      error: 'invalid_input',
      message: 'resolutionCode: auto_cleared is for the system',
    });
  });

  it('refuses to resolve an incident that is already resolved or closed', () => {
    for (const status of ['resolved', 'closed'] as const) {
      expect(applyOperatorAction(incident({ status }), act('resolve', { resolutionCode: 'duplicate' }), at(1))).toMatchObject({
        error: 'invalid_transition',
      });
    }
  });

  it('closes only a resolved incident', () => {
    const closed = ok(applyOperatorAction(incident({ status: 'resolved' }), act('close', { note: 'verified' }), at(90)));
    expect(closed.incident).toMatchObject({ status: 'closed', closedAt: iso(90), version: 2 });
    expect(closed.entry).toMatchObject({ action: 'closed', note: 'verified' });
    for (const status of ['open', 'acknowledged', 'closed'] as const) {
      expect(applyOperatorAction(incident({ status }), act('close'), at(1))).toMatchObject({ error: 'invalid_transition' });
    }
  });

  it('refuses to acknowledge a resolved or closed incident', () => {
    for (const status of ['resolved', 'closed'] as const) {
      expect(applyOperatorAction(incident({ status }), act('acknowledge'), at(1))).toMatchObject({ error: 'invalid_transition' });
    }
  });

  it('assigns and comments in any status but closed', () => {
    for (const status of ['open', 'acknowledged', 'resolved'] as const) {
      const assigned = ok(applyOperatorAction(incident({ status }), act('assign', { assignee: 'tech1', note: 'nearest' }), at(5)));
      expect(assigned.incident).toMatchObject({ status, assignedTo: 'tech1', version: 2 });
      expect(assigned.entry).toMatchObject({ action: 'assigned', note: 'assigned to tech1: nearest' });
      const commented = ok(applyOperatorAction(incident({ status }), act('comment', { note: ' called the contractor ' }), at(5)));
      expect(commented.incident).toMatchObject({ status, version: 2 });
      expect(commented.entry).toEqual({ at: iso(5), actor: 'operator', action: 'commented', note: 'called the contractor' });
    }
    expect(applyOperatorAction(incident({ status: 'closed' }), act('assign', { assignee: 'tech1' }), at(1))).toMatchObject({ error: 'invalid_transition' });
    expect(applyOperatorAction(incident({ status: 'closed' }), act('comment', { note: 'late' }), at(1))).toMatchObject({ error: 'invalid_transition' });
  });

  it('needs an assignee to assign and text to comment', () => {
    expect(applyOperatorAction(incident(), act('assign', { assignee: '  ' }), at(1))).toMatchObject({ error: 'invalid_input' });
    expect(applyOperatorAction(incident(), act('comment', { note: '   ' }), at(1))).toMatchObject({ error: 'invalid_input' });
  });

  it('appends the entry to the timeline when the incident carries one', () => {
    const withTimeline = incident({ timeline: [{ at: iso(0), actor: 'system', action: 'opened', note: 'tamper detected' }] });
    const r = ok(applyOperatorAction(withTimeline, act('acknowledge'), at(30)));
    expect(r.incident.timeline?.map((e) => e.action)).toEqual(['opened', 'acknowledged']);
    expect(ok(applyOperatorAction(incident(), act('acknowledge'), at(30))).incident.timeline).toBeUndefined();
  });

  it('walks the whole lifecycle, one version per step', () => {
    let inc = incident();
    const steps: OperatorAction[] = [
      act('acknowledge'),
      act('assign', { assignee: 'tech1' }),
      act('comment', { note: 'on site' }),
      act('resolve', { resolutionCode: 'fixed_on_site' }),
      act('close'),
    ];
    for (const step of steps) inc = ok(applyOperatorAction(inc, { ...step, expectedVersion: inc.version }, at(inc.version))).incident;
    expect(inc).toMatchObject({ status: 'closed', version: 6, acknowledgedBy: 'operator', assignedTo: 'tech1', resolutionCode: 'fixed_on_site' });
  });
});
