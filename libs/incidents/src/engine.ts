// Incident decisions (DESIGN.md §4): from one condition row, the key's latest incident and
// one signal (or a periodic tick), what the condition becomes and which incident changes
// follow. No I/O and no clock: the service passes `now`, whether a maintenance window
// covers the target, whether the device's gateway is down, and an id to use should an
// incident open. It stores the returned condition when `changed` and applies the actions.
//
//   start    the condition stands; it opens an incident once it has stood for the type's
//            debounce, outside maintenance windows, and (device_offline) with its gateway up
//   repeat   another `start` event while its incident is open: count + 1, not a second incident
//   end      the condition clears: an open or acknowledged incident it raised auto-resolves
//            with the signal's reason; a condition still debouncing is dropped silently
//   instant  opens (or repeats) at once; nothing stands, so nothing auto-resolves it
//   reopen   a condition returning within the reopen window of its incident's resolution
//            (not closure) reopens that incident instead of opening another
//   snapshot the latest image an event carried (`snapshotUrl`) goes on the incident it opens,
//            repeats or reopens; a signal without one keeps the incident's
import { incidentTitle as titleIn } from '@ioc/i18n';
import { Incident, IncidentType, TimelineEntry } from '@ioc/contracts';
import { IncidentPolicy } from './policy';
import { Signal } from './signals';

/** One row per dedup key: what the service remembers between signals. Times are epoch ms. */
export interface ConditionState {
  key: string;
  type: IncidentType;
  areaCode: string;
  gatewayId: string;
  deviceId: string | null;
  /** The condition has been reported and has not cleared. */
  standing: boolean;
  /** Signal time the current episode began; null when not standing. */
  standingSince: number | null;
  /** Parts standing now, sorted ('' for a whole-target condition); empty when not standing. */
  parts: string[];
  /** Reason of the signal that began the current episode (or, once cleared, that cleared it). */
  reason: string;
  /** Time of the last signal that changed this row; older start/end signals are ignored. */
  lastSignalAt: number;
  /** Signals of the current episode not yet counted on an incident (the start and its repeats). */
  pendingCount: number;
  /** The current episode has opened, reopened or repeated an incident. */
  raised: boolean;
  /** A maintenance window held the episode back (said in the incident's note when it opens). */
  heldByMaintenance: boolean;
  /** device_offline: held back because the gateway was down. */
  heldByGateway: boolean;
  /** device_offline held by its gateway: when a tick first saw the gateway up again. */
  gatewayBackAt: number | null;
  /** The key's latest incident (any status: reopen needs the resolved one). */
  incidentId: string | null;
  /** Ids of the last signals applied, newest last, so that a redelivery changes nothing. */
  recentMessageIds: string[];
  /**
   * The latest snapshot image an event of the current episode carried, for the incident it
   * opens once debounced; null or absent (rows stored before it existed) when none did.
   */
  snapshotUrl?: string | null;
}

/** The fields of the key's latest incident that decisions read. */
export type IncidentSnapshot = Pick<Incident, 'id' | 'status' | 'count' | 'lastSeenAt' | 'resolvedAt' | 'reopenCount' | 'version'>;

export interface DecisionContext {
  policy: IncidentPolicy;
  /** Decision time, epoch ms. */
  now: number;
  /** A maintenance window covers the target (device, its gateway or its area) now. */
  suppressed: boolean;
  /** For device_offline: the device's gateway has a standing gateway_offline condition. */
  gatewayDown: boolean;
  /** The id to give an incident should this decision open one (unused otherwise). */
  newIncidentId: string;
}

export type NewIncident = Omit<Incident, 'timeline'>;

export interface OpenAction {
  kind: 'open';
  incident: NewIncident;
  reason: string;
  entry: TimelineEntry;
}
/** Count and last seen only: no status change, so the version stays (an operator's ack is not refused because a camera repeated itself). */
export interface RepeatAction {
  kind: 'repeat';
  incidentId: string;
  /** The new count, and how much was added to it. */
  count: number;
  added: number;
  lastSeenAt: string;
  /** A newer snapshot image for the incident; null: keep the one it has. */
  snapshotUrl: string | null;
  reason: string;
  entry: TimelineEntry;
}
export interface AutoResolveAction {
  kind: 'auto_resolve';
  incidentId: string;
  /** Apply only if the incident still has this version (an operator may have acted meanwhile). */
  expectedVersion: number;
  version: number;
  resolvedAt: string;
  reason: string;
  entry: TimelineEntry;
}
export interface ReopenAction {
  kind: 'reopen';
  incidentId: string;
  expectedVersion: number;
  version: number;
  reopenCount: number;
  count: number;
  lastSeenAt: string;
  /** A newer snapshot image for the incident; null: keep the one it has. */
  snapshotUrl: string | null;
  reason: string;
  entry: TimelineEntry;
}
export type IncidentAction = OpenAction | RepeatAction | AutoResolveAction | ReopenAction;

export interface Decision {
  /** The condition to store; null when there was none and nothing needs remembering. */
  condition: ConditionState | null;
  /** Whether `condition` differs from the one passed in (store it only then). */
  changed: boolean;
  actions: IncidentAction[];
}

/** The title an incident is opened with: in Vietnamese, the operations room's language (edges render English on request). */
export function incidentTitle(type: IncidentType, target: { deviceId: string | null; gatewayId: string }): string {
  return titleIn('vi', type, target);
}

/** A condition the periodic tick may still open (standing, no incident raised yet). */
export function awaitingTick(condition: ConditionState): boolean {
  return condition.standing && !condition.raised;
}

const RECENT_IDS = 16;
const SYSTEM = 'system';

/** The incident if it is open or acknowledged: the one a repeat updates and an end resolves. */
const active = (incident: IncidentSnapshot | undefined): IncidentSnapshot | undefined =>
  incident && (incident.status === 'open' || incident.status === 'acknowledged') ? incident : undefined;

const iso = (ms: number): string => new Date(ms).toISOString();

/** What the incident service keeps in memory of each condition, to leave restatements out. */
export type ConditionRest = Pick<ConditionState, 'standing' | 'raised' | 'parts'>;

/**
 * Whether a level signal (a heartbeat or telemetry restating a state) changes nothing when
 * applied to a condition at this rest, so that the service can leave it out without loading
 * the condition: the end of a condition that does not stand, or the start of a part that
 * stands and has raised its incident (`onSignal` returns such a condition unchanged, with no
 * action; engine.spec checks it for every signal it feeds). Most device traffic is these.
 */
export function restatesCondition(signal: Pick<Signal, 'level' | 'phase' | 'part'>, rest: ConditionRest | undefined): boolean {
  if (!signal.level || rest === undefined) return false;
  if (signal.phase === 'end') return !rest.standing;
  if (signal.phase === 'start') return rest.standing && rest.raised && rest.parts.includes(signal.part ?? '');
  return false;
}

export function newCondition(signal: Pick<Signal, 'key' | 'type' | 'areaCode' | 'gatewayId' | 'deviceId' | 'at'>): ConditionState {
  return {
    key: signal.key,
    type: signal.type,
    areaCode: signal.areaCode,
    gatewayId: signal.gatewayId,
    deviceId: signal.deviceId,
    standing: false,
    standingSince: null,
    parts: [],
    reason: '',
    lastSignalAt: signal.at,
    pendingCount: 0,
    raised: false,
    heldByMaintenance: false,
    heldByGateway: false,
    gatewayBackAt: null,
    incidentId: null,
    recentMessageIds: [],
  };
}

/**
 * Applies one signal to its key's condition. `incident` is the key's latest incident (the
 * one `condition.incidentId` names), if any.
 */
export function onSignal(
  condition: ConditionState | undefined,
  incident: IncidentSnapshot | undefined,
  signal: Signal,
  ctx: DecisionContext,
): Decision {
  const keep: Decision = { condition: condition ?? null, changed: false, actions: [] };
  if (condition) {
    if (condition.recentMessageIds.includes(signal.messageId)) return keep;
    // A start or end older than the last change (a late redelivery) would undo newer news.
    if (signal.phase !== 'instant' && signal.at < condition.lastSignalAt) {
      // ...but a late edge report of a condition that still stands is still a report (a
      // batch redelivered after a crash arrives behind newer ones): it counts, and changes
      // no state.
      const open = active(incident);
      if (signal.phase !== 'start' || signal.level || !condition.standing) return keep;
      const recentMessageIds = [...condition.recentMessageIds, signal.messageId].slice(-RECENT_IDS);
      if (condition.raised && open) {
        // Older than what is known: it does not replace a newer snapshot.
        return { condition: { ...condition, recentMessageIds }, changed: true, actions: [repeat(open, signal.at, 1, signal.reason, ctx.now, null)] };
      }
      return { condition: { ...condition, recentMessageIds, pendingCount: condition.pendingCount + 1 }, changed: true, actions: [] };
    }
  }
  const cond: ConditionState = condition ? { ...condition } : newCondition(signal);
  const actions: IncidentAction[] = [];
  const act = (action: IncidentAction | null) => {
    if (action) actions.push(action);
  };

  switch (signal.phase) {
    case 'start': {
      const part = signal.part ?? '';
      if (!cond.standing) {
        Object.assign(cond, {
          standing: true,
          standingSince: signal.at,
          parts: [part],
          reason: signal.reason,
          lastSignalAt: signal.at,
          pendingCount: 1,
          raised: false,
          heldByMaintenance: false,
          heldByGateway: cond.type === 'device_offline' && signal.causedByGateway,
          gatewayBackAt: null,
          snapshotUrl: signal.snapshotUrl ?? null,
        });
        act(tryRaise(cond, incident, ctx));
      } else if (!cond.parts.includes(part)) {
        // Another lane joins a standing congestion: same episode, not a repeat.
        cond.parts = [...cond.parts, part].sort();
        cond.lastSignalAt = signal.at;
        if (!cond.raised) act(tryRaise(cond, incident, ctx));
      } else if (signal.level) {
        // A heartbeat restating the condition: no repeat, but it may be the moment the
        // debounce has passed (the tick would open it a little later otherwise).
        if (!cond.raised) act(tryRaise(cond, incident, ctx));
      } else {
        cond.lastSignalAt = signal.at;
        if (signal.snapshotUrl) cond.snapshotUrl = signal.snapshotUrl;
        const open = active(incident);
        if (cond.raised && open) {
          actions.push(repeat(open, signal.at, 1, signal.reason, ctx.now, signal.snapshotUrl ?? null));
        } else {
          if (cond.raised) {
            // Its incident was resolved (by an operator) while the condition stood; the
            // device reporting it again is the condition coming back: a new episode.
            Object.assign(cond, { standingSince: signal.at, reason: signal.reason, pendingCount: 0, raised: false, heldByMaintenance: false, snapshotUrl: signal.snapshotUrl ?? null });
          }
          cond.pendingCount += 1;
          act(tryRaise(cond, incident, ctx));
        }
      }
      break;
    }

    case 'end': {
      if (!cond.standing) break;
      const remaining = signal.part === null ? [] : cond.parts.filter((p) => p !== signal.part);
      if (remaining.length === cond.parts.length) break;
      cond.parts = remaining;
      cond.lastSignalAt = signal.at;
      if (remaining.length > 0) break;
      const open = active(incident);
      if (cond.raised && open) actions.push(autoResolve(open, ctx.now, signal.reason));
      Object.assign(cond, {
        standing: false,
        standingSince: null,
        reason: signal.reason,
        pendingCount: 0,
        raised: false,
        heldByMaintenance: false,
        heldByGateway: false,
        gatewayBackAt: null,
        snapshotUrl: null,
      });
      break;
    }

    case 'instant': {
      cond.lastSignalAt = Math.max(cond.lastSignalAt, signal.at);
      // An open incident takes the repeat even inside a maintenance window (windows stop
      // new incidents, not updates); otherwise a window swallows the instant, which has
      // nothing left standing to open later.
      if (active(incident) || !ctx.suppressed) {
        // An instant has no duration to debounce. It takes along whatever a debouncing
        // episode of the same key had counted.
        const debouncing = cond.standing && !cond.raised;
        const pending = debouncing ? cond.pendingCount : 0;
        const snapshotUrl = signal.snapshotUrl ?? (debouncing ? (cond.snapshotUrl ?? null) : null);
        if (cond.standing && signal.snapshotUrl) cond.snapshotUrl = signal.snapshotUrl;
        actions.push(raise(cond, incident, ctx, signal.at, cond.standingSince ?? signal.at, signal.at, pending + 1, signal.reason, snapshotUrl));
        if (cond.standing) {
          cond.raised = true;
          cond.pendingCount = 0;
        }
      }
      break;
    }
  }

  if (!condition && actions.length === 0 && !cond.standing) return keep;
  cond.recentMessageIds = [...cond.recentMessageIds, signal.messageId].slice(-RECENT_IDS);
  if (condition && actions.length === 0 && sameCondition(condition, { ...cond, recentMessageIds: condition.recentMessageIds })) return keep;
  return { condition: cond, changed: true, actions };
}

/**
 * The periodic check of a condition that stands without an incident: its debounce may
 * have passed, its maintenance window ended, or its gateway come back (then, after
 * `policy.gatewayGraceS`, a device still offline opens its own incident).
 */
export function onTick(condition: ConditionState, incident: IncidentSnapshot | undefined, ctx: DecisionContext): Decision {
  if (!awaitingTick(condition) || condition.standingSince === null) return { condition, changed: false, actions: [] };
  const cond: ConditionState = { ...condition };
  const action = tryRaise(cond, incident, ctx);
  return { condition: cond, changed: action !== null || !sameCondition(condition, cond), actions: action ? [action] : [] };
}

/**
 * Opens (or reopens, or repeats into) an incident for a standing episode if nothing holds
 * it back. Mutates `cond`, a copy owned by the caller. The reopen window is measured to
 * when the episode began, not to when debounce or a hold let it through.
 */
function tryRaise(cond: ConditionState, incident: IncidentSnapshot | undefined, ctx: DecisionContext): IncidentAction | null {
  if (cond.standingSince === null) return null;
  if (cond.type === 'device_offline') {
    if (ctx.gatewayDown) {
      // One gateway incident, not one per device behind it.
      cond.heldByGateway = true;
      cond.gatewayBackAt = null;
      return null;
    }
    if (cond.heldByGateway) {
      if (cond.gatewayBackAt === null) cond.gatewayBackAt = ctx.now;
      if (ctx.now - cond.gatewayBackAt < ctx.policy.gatewayGraceS * 1000) return null;
    }
  }
  if (ctx.suppressed) {
    cond.heldByMaintenance = true;
    return null;
  }
  if (ctx.now - cond.standingSince < ctx.policy.debounceS[cond.type] * 1000) return null;

  const notes = [cond.reason];
  if (cond.heldByGateway) notes.push('still offline after its gateway came back');
  if (cond.heldByMaintenance) notes.push('still standing after the maintenance window');
  const action = raise(cond, incident, ctx, cond.standingSince, cond.standingSince, cond.lastSignalAt, cond.pendingCount, notes.join('; '), cond.snapshotUrl ?? null);
  cond.raised = true;
  cond.pendingCount = 0;
  return action;
}

/** Repeat into the open incident, reopen a recently resolved one, or open a new one. Sets `cond.incidentId`. */
function raise(
  cond: ConditionState,
  incident: IncidentSnapshot | undefined,
  ctx: DecisionContext,
  returnAt: number,
  firstSeenAt: number,
  lastSeenAt: number,
  count: number,
  reason: string,
  snapshotUrl: string | null,
): IncidentAction {
  const added = Math.max(1, count);
  const open = active(incident);
  if (open) {
    cond.incidentId = open.id;
    return repeat(open, lastSeenAt, added, reason, ctx.now, snapshotUrl);
  }
  if (
    incident &&
    incident.status === 'resolved' &&
    incident.resolvedAt !== null &&
    returnAt - Date.parse(incident.resolvedAt) <= ctx.policy.reopenWindowS * 1000
  ) {
    cond.incidentId = incident.id;
    return {
      kind: 'reopen',
      incidentId: incident.id,
      expectedVersion: incident.version,
      version: incident.version + 1,
      reopenCount: incident.reopenCount + 1,
      count: incident.count + added,
      lastSeenAt: iso(Math.max(lastSeenAt, Date.parse(incident.lastSeenAt))),
      snapshotUrl,
      reason,
      entry: { at: iso(ctx.now), actor: SYSTEM, action: 'reopened', note: reason },
    };
  }
  cond.incidentId = ctx.newIncidentId;
  const entry: TimelineEntry = { at: iso(ctx.now), actor: SYSTEM, action: 'opened', note: reason };
  return {
    kind: 'open',
    reason,
    entry,
    incident: {
      id: ctx.newIncidentId,
      dedupKey: cond.key,
      type: cond.type,
      severity: ctx.policy.severity[cond.type],
      status: 'open',
      areaCode: cond.areaCode,
      gatewayId: cond.gatewayId,
      deviceId: cond.deviceId,
      title: incidentTitle(cond.type, cond),
      count: added,
      firstSeenAt: iso(firstSeenAt),
      lastSeenAt: iso(Math.max(firstSeenAt, lastSeenAt)),
      openedAt: iso(ctx.now),
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
      snapshotUrl,
      version: 1,
    },
  };
}

function repeat(incident: IncidentSnapshot, seenAt: number, added: number, reason: string, now: number, snapshotUrl: string | null): RepeatAction {
  return {
    kind: 'repeat',
    incidentId: incident.id,
    count: incident.count + added,
    added,
    lastSeenAt: iso(Math.max(seenAt, Date.parse(incident.lastSeenAt))),
    snapshotUrl,
    reason,
    entry: { at: iso(now), actor: SYSTEM, action: 'repeated', note: reason },
  };
}

function autoResolve(incident: IncidentSnapshot, now: number, reason: string): AutoResolveAction {
  return {
    kind: 'auto_resolve',
    incidentId: incident.id,
    expectedVersion: incident.version,
    version: incident.version + 1,
    resolvedAt: iso(now),
    reason,
    entry: { at: iso(now), actor: SYSTEM, action: 'auto_resolved', note: reason },
  };
}

/**
 * The incident after a repeat, auto-resolve or reopen, for a service that loads the row
 * and writes it back (an `open` carries its whole row already). Reopening clears the
 * resolution and the acknowledgement (the incident must be acknowledged again) and the
 * escalation level; it keeps the assignee. The timeline, when present, gets the entry.
 */
export function applySystemAction(incident: Incident, action: Exclude<IncidentAction, OpenAction>): Incident {
  const timeline = incident.timeline ? { timeline: [...incident.timeline, action.entry] } : {};
  switch (action.kind) {
    case 'repeat':
      return { ...incident, count: action.count, lastSeenAt: action.lastSeenAt, snapshotUrl: action.snapshotUrl ?? incident.snapshotUrl, ...timeline };
    case 'auto_resolve':
      return {
        ...incident,
        status: 'resolved',
        resolvedAt: action.resolvedAt,
        resolvedBy: SYSTEM,
        resolutionCode: 'auto_cleared',
        resolutionNote: action.reason,
        version: action.version,
        ...timeline,
      };
    case 'reopen':
      return {
        ...incident,
        status: 'open',
        count: action.count,
        lastSeenAt: action.lastSeenAt,
        snapshotUrl: action.snapshotUrl ?? incident.snapshotUrl,
        reopenCount: action.reopenCount,
        acknowledgedAt: null,
        acknowledgedBy: null,
        resolvedAt: null,
        resolvedBy: null,
        resolutionCode: null,
        resolutionNote: null,
        escalationLevel: 0,
        version: action.version,
        ...timeline,
      };
  }
}

function sameCondition(a: ConditionState, b: ConditionState): boolean {
  // Both sides' keys: a row stored before a field existed lacks it.
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof ConditionState>) {
    const x = a[key];
    const y = b[key];
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
    } else if (x !== y) {
      return false;
    }
  }
  return true;
}
