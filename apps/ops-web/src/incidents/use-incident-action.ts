// Sending an operator's action, for the queue row and the detail panel alike: the version
// the operator saw goes with it; a 409 (someone else acted first) loads the incident as it
// now stands and keeps both, so the screen can show what changed and offer the same action
// again on the fresh version; a 4xx with fields gives the messages to show beside them;
// anything else is one sentence from the error catalogue.
import { useCallback, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Incident } from '@ioc/contracts';
import { ApiError } from '../api/http';
import { problemTitle } from '../api/problem-text';
import { useHttp } from '../app/services';
import { actionApplies, conflictDiff, type ActionInput, type ActionKind, type FieldChange } from './actions';
import { fetchIncident, incidentKeys, sendAction } from './incident-data';
import type { QueueIncident } from './queue';

export interface Conflict {
  incidentId: string;
  action: ActionInput;
  /** The incident the operator acted on. */
  seen: QueueIncident;
  /** As it stands now; null while loading it (or when loading failed: `error`). */
  fresh: Incident | null;
  changes: FieldChange[];
  /** Whether the same action still applies to the fresh incident. */
  canRetry: boolean;
  /** The server's own sentence, for a 409 that changed nothing visible. */
  detail: string;
  error: string | null;
}

export type FieldName = 'assignee' | 'note' | 'resolutionCode';

export interface ActionState {
  /** The action being sent, with its incident. */
  busy: { incidentId: string; kind: ActionKind } | null;
  conflict: Conflict | null;
  /** A failure other than a conflict, as a sentence. */
  error: string | null;
  /** Field messages of the last refused action. */
  fieldErrors: Partial<Record<FieldName, string>>;
  /** The last action that succeeded (for a short confirmation), with the version it made. */
  done: { incidentId: string; kind: ActionKind; version: number } | null;
}

const IDLE: ActionState = { busy: null, conflict: null, error: null, fieldErrors: {}, done: null };
const FIELDS: FieldName[] = ['assignee', 'note', 'resolutionCode'];

export function useIncidentAction(onDone?: (incident: Incident) => void) {
  const http = useHttp();
  const queryClient = useQueryClient();
  const { t } = useTranslation('incidents');
  const [state, setState] = useState<ActionState>(IDLE);

  const run = useCallback(
    async (seen: QueueIncident, input: ActionInput): Promise<boolean> => {
      setState((s) => ({ ...s, busy: { incidentId: seen.id, kind: input.kind }, error: null, fieldErrors: {}, done: null, conflict: null }));
      try {
        const after = await sendAction(http, seen.id, seen.version, input);
        queryClient.setQueryData(incidentKeys.incident(seen.id), after);
        onDone?.(after);
        setState({ ...IDLE, done: { incidentId: seen.id, kind: input.kind, version: after.version } });
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          const pending: Conflict = { incidentId: seen.id, action: input, seen, fresh: null, changes: [], canRetry: false, detail: err.problem.detail, error: null };
          setState({ ...IDLE, conflict: pending });
          try {
            const fresh = await fetchIncident(http, seen.id);
            queryClient.setQueryData(incidentKeys.incident(seen.id), fresh);
            setState({ ...IDLE, conflict: { ...pending, fresh, changes: conflictDiff(seen, fresh), canRetry: actionApplies(input.kind, fresh.status) } });
          } catch (loadErr) {
            setState({ ...IDLE, conflict: { ...pending, error: problemTitle(loadErr, t) } });
          }
          return false;
        }
        const fieldErrors: Partial<Record<FieldName, string>> = {};
        if (err instanceof ApiError) {
          for (const f of FIELDS) {
            const message = err.fieldError(f);
            if (message) fieldErrors[f] = message;
          }
        }
        setState({ ...IDLE, error: problemTitle(err, t), fieldErrors });
        return false;
      }
    },
    [http, queryClient, onDone, t],
  );

  /** The same action again, on the incident as it now stands. */
  const retry = useCallback(() => {
    const c = state.conflict;
    if (c?.fresh && c.canRetry) void run(c.fresh, c.action);
  }, [state.conflict, run]);

  const dismiss = useCallback(() => setState(IDLE), []);

  return { ...state, run, retry, dismiss };
}
