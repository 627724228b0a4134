// What operators do to an incident (DESIGN.md §4): open → acknowledged → resolved → closed.
// Resolve is allowed straight from open; close only from resolved; assign and comment in
// any status but closed. Every accepted action bumps the version (optimistic concurrency:
// the caller sends the version it saw) and yields one timeline entry: who, when, what, why.
import { Incident, RESOLUTION_CODES, ResolutionCode, TimelineEntry } from '@ioc/contracts';

export type OperatorActionKind = 'acknowledge' | 'assign' | 'comment' | 'resolve' | 'close';

export interface OperatorAction {
  kind: OperatorActionKind;
  /** Username of the operator. */
  actor: string;
  note: string;
  /** assign: who takes it. */
  assignee?: string;
  /** resolve: why it is resolved (never `auto_cleared`, which is the system's). */
  resolutionCode?: ResolutionCode;
  /** The version the operator saw. */
  expectedVersion: number;
}

/**
 * `stale_version`: someone changed the incident since the operator saw it (409, reload).
 * `invalid_transition`: the action does not apply in the incident's status (409).
 * `invalid_input`: a required field is missing (assignee, resolution code, comment text);
 * the REST schemas catch these first, this is the domain's own guard (422).
 */
export type OperatorErrorCode = 'stale_version' | 'invalid_transition' | 'invalid_input';

export type OperatorResult =
  | { ok: true; incident: Incident; entry: TimelineEntry }
  | { ok: false; error: OperatorErrorCode; message: string };

const TIMELINE_ACTION = {
  acknowledge: 'acknowledged',
  assign: 'assigned',
  comment: 'commented',
  resolve: 'resolved',
  close: 'closed',
} as const satisfies Record<OperatorActionKind, TimelineEntry['action']>;

export function applyOperatorAction(incident: Incident, action: OperatorAction, now: number): OperatorResult {
  const fail = (error: OperatorErrorCode, message: string): OperatorResult => ({ ok: false, error, message });
  if (action.expectedVersion !== incident.version) {
    return fail(
      'stale_version',
      `incident ${incident.id} has changed since you saw it (version ${incident.version}, you sent ${action.expectedVersion}); reload it and try again`,
    );
  }
  const at = new Date(now).toISOString();
  const note = action.note.trim();
  let changes: Partial<Incident>;
  let entryNote = note;

  switch (action.kind) {
    case 'acknowledge':
      if (incident.status === 'acknowledged') {
        const by = incident.acknowledgedBy ?? 'someone';
        return fail('invalid_transition', `incident ${incident.id} was already acknowledged by ${by} at ${incident.acknowledgedAt ?? 'an unknown time'}`);
      }
      if (incident.status !== 'open') return fail('invalid_transition', `only an open incident can be acknowledged; this one is ${incident.status}`);
      changes = { status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: action.actor };
      break;

    case 'assign': {
      if (incident.status === 'closed') return fail('invalid_transition', 'a closed incident cannot be assigned');
      const assignee = action.assignee?.trim();
      if (!assignee) return fail('invalid_input', 'assignee: say who takes the incident');
      changes = { assignedTo: assignee };
      entryNote = note ? `assigned to ${assignee}: ${note}` : `assigned to ${assignee}`;
      break;
    }

    case 'comment':
      if (incident.status === 'closed') return fail('invalid_transition', 'a closed incident takes no more comments');
      if (!note) return fail('invalid_input', 'note: a comment needs text');
      changes = {};
      break;

    case 'resolve': {
      if (incident.status !== 'open' && incident.status !== 'acknowledged') {
        return fail('invalid_transition', `only an open or acknowledged incident can be resolved; this one is ${incident.status}`);
      }
      const code = action.resolutionCode;
      if (!code || !(RESOLUTION_CODES as readonly string[]).includes(code)) {
        return fail('invalid_input', `resolutionCode: one of ${RESOLUTION_CODES.filter((c) => c !== 'auto_cleared').join(', ')}`);
      }
      if (code === 'auto_cleared') return fail('invalid_input', 'resolutionCode: auto_cleared is for the system');
      changes = { status: 'resolved', resolvedAt: at, resolvedBy: action.actor, resolutionCode: code, resolutionNote: note || null };
      entryNote = note ? `${code}: ${note}` : code;
      break;
    }

    case 'close':
      if (incident.status !== 'resolved') return fail('invalid_transition', `only a resolved incident can be closed; this one is ${incident.status}`);
      changes = { status: 'closed', closedAt: at };
      break;
  }

  const entry: TimelineEntry = { at, actor: action.actor, action: TIMELINE_ACTION[action.kind], note: entryNote };
  return {
    ok: true,
    entry,
    incident: {
      ...incident,
      ...changes,
      version: incident.version + 1,
      ...(incident.timeline ? { timeline: [...incident.timeline, entry] } : {}),
    },
  };
}
