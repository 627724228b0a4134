import { actionApplies, actionRequest, conflictDiff, missingFields, safeImageUrl, timelineNote } from './actions';

const base = {
  status: 'open' as const,
  acknowledgedBy: null,
  assignedTo: null,
  resolvedBy: null,
  resolutionCode: null,
  escalationLevel: 0,
  severity: 'critical' as const,
  version: 1,
};

describe('conflict diff', () => {
  it('names what someone else changed: status, who acknowledged, the version', () => {
    const fresh = { ...base, status: 'acknowledged' as const, acknowledgedBy: 'operator2', version: 2 };
    expect(conflictDiff(base, fresh)).toEqual([
      { field: 'status', before: 'open', after: 'acknowledged' },
      { field: 'acknowledgedBy', before: null, after: 'operator2' },
      { field: 'version', before: 1, after: 2 },
    ]);
  });

  it('shows an escalation and an assignment', () => {
    expect(conflictDiff(base, { ...base, escalationLevel: 1, assignedTo: 'kythuat', version: 3 }).map((c) => c.field)).toEqual(['assignedTo', 'escalationLevel', 'version']);
  });

  it('shows a resolution with its code and who resolved it', () => {
    const fresh = { ...base, status: 'resolved' as const, resolvedBy: 'admin', resolutionCode: 'false_alarm' as const, version: 2 };
    expect(conflictDiff(base, fresh)).toEqual([
      { field: 'status', before: 'open', after: 'resolved' },
      { field: 'resolvedBy', before: null, after: 'admin' },
      { field: 'resolutionCode', before: null, after: 'false_alarm' },
      { field: 'version', before: 1, after: 2 },
    ]);
  });

  it('is empty when nothing that matters changed', () => {
    expect(conflictDiff(base, { ...base })).toEqual([]);
  });
});

describe('which actions apply', () => {
  it('follows the lifecycle: acknowledge only open, resolve open or acknowledged, close only resolved, nothing but reading once closed', () => {
    expect(actionApplies('acknowledge', 'open')).toBe(true);
    expect(actionApplies('acknowledge', 'acknowledged')).toBe(false);
    expect(actionApplies('resolve', 'acknowledged')).toBe(true);
    expect(actionApplies('resolve', 'resolved')).toBe(false);
    expect(actionApplies('close', 'resolved')).toBe(true);
    expect(actionApplies('close', 'open')).toBe(false);
    expect(actionApplies('assign', 'resolved')).toBe(true);
    for (const kind of ['acknowledge', 'assign', 'comment', 'resolve', 'close'] as const) expect(actionApplies(kind, 'closed')).toBe(false);
  });
});

describe('action requests', () => {
  it('sends the version the operator saw, with the fields of the action', () => {
    expect(actionRequest('id-1', 4, { kind: 'comment', note: '  Đã cử người  ' })).toEqual({ path: '/api/v1/incidents/id-1/comments', body: { version: 4, note: 'Đã cử người' } });
    expect(actionRequest('id-1', 4, { kind: 'assign', assignee: ' technician ' })).toEqual({ path: '/api/v1/incidents/id-1/assign', body: { version: 4, note: '', assignee: 'technician' } });
    expect(actionRequest('id-1', 4, { kind: 'resolve', resolutionCode: 'false_alarm' }).body).toEqual({ version: 4, note: '', resolutionCode: 'false_alarm' });
    expect(actionRequest('id-1', 4, { kind: 'acknowledge' })).toEqual({ path: '/api/v1/incidents/id-1/acknowledge', body: { version: 4, note: '' } });
  });

  it('asks for what an action needs before sending it', () => {
    expect(missingFields({ kind: 'assign', assignee: ' ' })).toEqual(['assignee']);
    expect(missingFields({ kind: 'comment' })).toEqual(['note']);
    expect(missingFields({ kind: 'resolve' })).toEqual(['resolutionCode']);
    expect(missingFields({ kind: 'acknowledge' })).toEqual([]);
  });
});

describe('snapshot links', () => {
  it('shows only http and https images', () => {
    expect(safeImageUrl('http://gw-1.gw.local/snapshots/1.jpg')).toBe('http://gw-1.gw.local/snapshots/1.jpg');
    expect(safeImageUrl('https://nvr.example/api/events/1/snapshot.jpg')).toBe('https://nvr.example/api/events/1/snapshot.jpg');
    expect(safeImageUrl('javascript:alert(1)')).toBeNull();
    expect(safeImageUrl('data:image/png;base64,AAAA')).toBeNull();
    expect(safeImageUrl('not a url')).toBeNull();
    expect(safeImageUrl(null)).toBeNull();
  });
});

describe('timeline notes', () => {
  it('reads back who an incident was assigned to, with the note', () => {
    expect(timelineNote('assigned', 'assigned to technician')).toEqual({ assignee: 'technician', text: '' });
    expect(timelineNote('assigned', 'assigned to kt.badon: mang thang lên cột')).toEqual({ assignee: 'kt.badon', text: 'mang thang lên cột' });
  });

  it('reads back the resolution code, with the note', () => {
    expect(timelineNote('resolved', 'false_alarm')).toEqual({ resolutionCode: 'false_alarm', text: '' });
    expect(timelineNote('resolved', 'fixed_on_site: Đã thay nguồn: 12V')).toEqual({ resolutionCode: 'fixed_on_site', text: 'Đã thay nguồn: 12V' });
  });

  it('leaves other notes as they are', () => {
    expect(timelineNote('commented', 'assigned to nobody')).toEqual({ text: 'assigned to nobody' });
    expect(timelineNote('resolved', 'made_up: x')).toEqual({ text: 'made_up: x' });
    expect(timelineNote('opened', 'tamper detected by the camera (confidence 0.9)')).toEqual({ text: 'tamper detected by the camera (confidence 0.9)' });
  });
});
