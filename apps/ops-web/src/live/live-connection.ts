// The /ops Socket.IO connection of the web app. It authenticates with the session's access
// token (fresh at every reconnect), subscribes to every area of the user's scope, and
// feeds the LiveState. Pushes are queued and applied once per animation frame, so 200
// changes a second cost one render a frame, not 200. A sequence gap, a reconnect or a
// refused subscription leads to a fresh subscription and snapshot; until it arrives the
// view is marked as not live. Views read it through useSyncExternalStore (live-hooks.ts).
import { io, type Socket } from 'socket.io-client';
import {
  OPS_EVENTS,
  OPS_NAMESPACE,
  OpsCoverageV1,
  OpsDeviceStatusV1,
  OpsIncidentV1,
  OpsSlaBreachV1,
  OpsSnapshotV1,
  type OpsAck,
  type OpsConnectErrorData,
  type OpsImportProgress,
} from '@ioc/contracts';
import i18n from 'i18next';
import type { Session } from '../auth/session';
import { LiveState, type Push } from './live-state';

/**
 * `connecting`: first connection; `live`: connected and in sync; `syncing`: connected,
 * waiting for a snapshot; `disconnected`: lost, reconnecting; `refused`: the server refused
 * the session (signed out or not allowed).
 */
export type ConnectionState = 'connecting' | 'live' | 'syncing' | 'disconnected' | 'refused';

export interface LiveSnapshotView {
  state: LiveState;
  connection: ConnectionState;
  /** When the view was last known to be live (epoch ms), for "last update" in the header. */
  liveSince: number | null;
  version: number;
}

type PushEvent = Push['event'];
const PUSH_SCHEMAS = {
  'device.status': OpsDeviceStatusV1,
  'incident.opened': OpsIncidentV1,
  'incident.updated': OpsIncidentV1,
  'incident.resolved': OpsIncidentV1,
  'coverage.updated': OpsCoverageV1,
  'sla.breach': OpsSlaBreachV1,
} as const;

export interface LiveConnectionOptions {
  realtimeUrl: string;
  session: Session;
  /** requestAnimationFrame, replaceable in tests and benchmarks. */
  schedule?: (cb: () => void) => void;
}

export class LiveConnection {
  readonly state = new LiveState();
  private socket?: Socket;
  private connection: ConnectionState = 'connecting';
  private liveSince: number | null = null;
  private queue: Push[] = [];
  private flushScheduled = false;
  private resubscribing = false;
  private readonly listeners = new Set<() => void>();
  private readonly importListeners = new Set<(p: OpsImportProgress) => void>();
  private view: LiveSnapshotView;
  private alarmTimer?: ReturnType<typeof setInterval>;
  /** Pushes refused by their schema (a newer server, or a bug): counted, never applied. */
  rejected = 0;

  constructor(private readonly options: LiveConnectionOptions) {
    this.view = this.makeView();
  }

  start(): void {
    if (this.socket) return;
    const socket = io(`${this.options.realtimeUrl}${OPS_NAMESPACE}`, {
      transports: ['websocket'],
      auth: (cb) => {
        // The server's refusals come in the user's language.
        void this.options.session.accessToken().then((token) => cb({ token, lang: i18n.language === 'en' ? 'en' : 'vi' }));
      },
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.setConnection('syncing');
      void this.subscribeAreas();
    });
    socket.on('disconnect', (reason) => {
      this.state.desync();
      this.queue = [];
      this.setConnection('disconnected');
      // A server-side disconnect is not retried by socket.io itself.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (err: Error & { data?: OpsConnectErrorData }) => {
      const code = err.data?.code;
      if (code === 'expired') {
        void this.options.session.refresh().then((ok) => (ok ? socket.connect() : this.setConnection('refused')));
        return;
      }
      if (code === 'missing' || code === 'invalid' || code === 'forbidden') {
        this.setConnection('refused');
        return;
      }
      this.setConnection(this.connection === 'connecting' ? 'connecting' : 'disconnected');
    });
    socket.on(OPS_EVENTS.snapshot, (body: unknown) => {
      const parsed = OpsSnapshotV1.parse(body);
      if (!parsed.ok) {
        this.rejected++;
        return;
      }
      // Pushes still queued for the next frame go to the state first (held there and
      // sorted against the snapshot), so none is lost or applied out of order.
      for (const push of this.queue) this.state.apply(push);
      this.queue = [];
      const outcomes = this.state.applySnapshot(parsed.value);
      this.liveSince = Date.now();
      this.setConnection('live');
      if (outcomes.includes('gap')) this.resync();
    });
    for (const event of Object.keys(PUSH_SCHEMAS) as PushEvent[]) {
      socket.on(event, (body: unknown) => this.onPush(event, body));
    }
    socket.on(OPS_EVENTS.importProgress, (body: OpsImportProgress) => {
      for (const l of this.importListeners) l(body);
    });
    this.alarmTimer = setInterval(() => {
      if (this.state.expireAlarms()) this.notify();
    }, 5_000);
  }

  stop(): void {
    clearInterval(this.alarmTimer);
    this.socket?.removeAllListeners();
    this.socket?.close();
    this.socket = undefined;
  }

  /** For useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getView = (): LiveSnapshotView => this.view;

  onImportProgress(listener: (p: OpsImportProgress) => void): () => void {
    this.importListeners.add(listener);
    return () => this.importListeners.delete(listener);
  }

  private onPush(event: PushEvent, body: unknown): void {
    const parsed = PUSH_SCHEMAS[event].parse(body);
    if (!parsed.ok) {
      this.rejected++;
      return;
    }
    this.queue.push({ event, data: parsed.value } as Push);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      (this.options.schedule ?? requestAnimationFrame)(() => this.flush());
    }
  }

  /** Applies the queued pushes, in arrival order, and renders once. */
  flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    let gap = false;
    for (const push of batch) if (this.state.apply(push) === 'gap') gap = true;
    if (gap) this.resync();
    else this.notify();
  }

  private resync(): void {
    this.setConnection('syncing');
    void this.subscribeAreas();
  }

  private async subscribeAreas(): Promise<void> {
    const socket = this.socket;
    if (!socket || this.resubscribing) return;
    this.resubscribing = true;
    this.state.desync();
    try {
      const ack = (await socket.timeout(15_000).emitWithAck(OPS_EVENTS.subscribe, { areas: '*' })) as OpsAck;
      if (!ack.ok) {
        this.setConnection(ack.error.code === 'forbidden' ? 'refused' : 'syncing');
        if (ack.error.code !== 'forbidden') setTimeout(() => void this.subscribeAreas(), 2_000);
      }
    } catch {
      // No answer in time (realtime restarting): try again while still connected.
      if (socket.connected) setTimeout(() => void this.subscribeAreas(), 2_000);
    } finally {
      this.resubscribing = false;
    }
  }

  private setConnection(state: ConnectionState): void {
    if (state === this.connection) return;
    this.connection = state;
    this.notify();
  }

  private notify(): void {
    this.view = this.makeView();
    for (const l of this.listeners) l();
  }

  private makeView(): LiveSnapshotView {
    return { state: this.state, connection: this.connection, liveSince: this.liveSince, version: this.state.version };
  }
}
