// Operator actions on an incident, pure: which apply in which status (the same rules as
// @ioc/incidents' lifecycle, so the page offers only what the service will accept), the
// request each one sends, and what changed between the incident an operator acted on and
// the one the service holds when it answered 409 (someone else acted first).
import { RESOLUTION_CODES, type Incident, type ResolutionCode, type TimelineEntry } from '@ioc/contracts';

export type ActionKind = 'acknowledge' | 'assign' | 'comment' | 'resolve' | 'close';

/** What the operator typed for an action (the version is added when it is sent). */
export interface ActionInput {
  kind: ActionKind;
  note?: string;
  assignee?: string;
  resolutionCode?: Exclude<ResolutionCode, 'auto_cleared'>;
}

/** Whether an action applies to an incident in `status` (lifecycle.ts in @ioc/incidents). */
export function actionApplies(kind: ActionKind, status: Incident['status']): boolean {
  switch (kind) {
    case 'acknowledge':
      return status === 'open';
    case 'assign':
    case 'comment':
      return status !== 'closed';
    case 'resolve':
      return status === 'open' || status === 'acknowledged';
    case 'close':
      return status === 'resolved';
  }
}

const PATH: Record<ActionKind, string> = { acknowledge: 'acknowledge', assign: 'assign', comment: 'comments', resolve: 'resolve', close: 'close' };

/** The REST call for an action on the version the operator saw. */
export function actionRequest(incidentId: string, version: number, input: ActionInput): { path: string; body: Record<string, unknown> } {
  const body: Record<string, unknown> = { version, note: (input.note ?? '').trim() };
  if (input.kind === 'assign') body.assignee = (input.assignee ?? '').trim();
  if (input.kind === 'resolve') body.resolutionCode = input.resolutionCode;
  return { path: `/api/v1/incidents/${encodeURIComponent(incidentId)}/${PATH[input.kind]}`, body };
}

/** Fields an operator must fill before sending (the API checks them too). */
export function missingFields(input: ActionInput): ('assignee' | 'note' | 'resolutionCode')[] {
  if (input.kind === 'assign' && !(input.assignee ?? '').trim()) return ['assignee'];
  if (input.kind === 'comment' && !(input.note ?? '').trim()) return ['note'];
  if (input.kind === 'resolve' && !input.resolutionCode) return ['resolutionCode'];
  return [];
}

/** The fields that matter to an operator deciding whether to act again, in reading order. */
export const CONFLICT_FIELDS = [
  'status',
  'acknowledgedBy',
  'assignedTo',
  'resolvedBy',
  'resolutionCode',
  'escalationLevel',
  'severity',
  'version',
] as const satisfies readonly (keyof Incident)[];
export type ConflictField = (typeof CONFLICT_FIELDS)[number];

export interface FieldChange {
  field: ConflictField;
  before: string | number | null;
  after: string | number | null;
}

/** What differs, among the fields that matter, between the incident seen and the fresh one. */
export function conflictDiff(seen: Pick<Incident, ConflictField>, fresh: Pick<Incident, ConflictField>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of CONFLICT_FIELDS) {
    if (seen[field] !== fresh[field]) changes.push({ field, before: seen[field], after: fresh[field] });
  }
  return changes;
}

/** A snapshot image the page may show and link to: http or https only. */
export function safeImageUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * An operator action's timeline note, split back into its parts so the page can name them
 * in the reader's language: the incident service writes `assigned to <user>[: note]` and
 * `<resolutionCode>[: note]` (lifecycle.ts in @ioc/incidents). Other notes are free text.
 */
export function timelineNote(action: TimelineEntry['action'], note: string): { assignee?: string; resolutionCode?: ResolutionCode; text: string } {
  if (action === 'assigned') {
    const m = /^assigned to ([^:]+?)(?:: ([\s\S]*))?$/.exec(note);
    if (m?.[1]) return { assignee: m[1], text: m[2] ?? '' };
  }
  if (action === 'resolved') {
    const m = /^([a-z_]+)(?:: ([\s\S]*))?$/.exec(note);
    const code = m?.[1];
    if (code && (RESOLUTION_CODES as readonly string[]).includes(code)) return { resolutionCode: code as ResolutionCode, text: m?.[2] ?? '' };
  }
  return { text: note };
}
