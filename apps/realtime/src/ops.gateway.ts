// The /ops namespace. The handshake must carry an access token (checked once, here); each
// socket joins its user's private room. Clients subscribe to key areas within their
// user's area scope, receive a snapshot with each area's sequence number, then the
// pushes for those areas. Every socket has limits (socket-limits.ts): a message budget,
// subscriptions in flight, key areas held; one that keeps asking once refused is
// disconnected. The default namespace `/` is closed: nothing is served there.
import { Inject } from '@nestjs/common';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import {
  defineContract,
  formatIssues,
  INCIDENT_OPERATIONS,
  OPS_EVENTS,
  OPS_NAMESPACE,
  OpsSubscribeV1,
  RegistrySnapshotReplyV1,
  type Actor,
  type Incident,
  type OpsAck,
  type OpsConnectErrorData,
  type OpsSnapshot,
} from '@ioc/contracts';
import { localizeIncident, translateMessage } from '@ioc/i18n';
import { errorMessage, JsonLogger, NatsOperationsClient } from '@ioc/platform';
import { AreaSequence } from './area-sequence';
import { decideAreas } from './area-scope';
import { authenticateHandshake, handshakeLang, userRoom, type OpsSocketData } from './ops-auth';
import { SocketLimiter, type LimitVerdict, type SocketLimitOptions } from './socket-limits';
import type { RealtimeConfig } from './realtime.config';
import { RealtimeMetrics } from './realtime.metrics';
import { REALTIME_CONFIG, REALTIME_LOGGER } from './realtime.tokens';

const STANDING_REPLY = defineContract('incident.incidents.standing.reply', 1, INCIDENT_OPERATIONS['incidents.standing'].reply);

export const areaRoom = (areaCode: string) => `area:${areaCode}`;

/** The user a socket was authenticated as at its handshake. */
export function actorOf(socket: Socket): Actor {
  const actor = (socket.data as Partial<OpsSocketData> | undefined)?.actor;
  if (!actor) throw new Error('socket has no actor: the handshake middleware did not run');
  return actor;
}

@WebSocketGateway({ namespace: OPS_NAMESPACE })
export class OpsGateway implements OnGatewayInit, OnGatewayConnection {
  @WebSocketServer()
  server!: Namespace;

  constructor(
    @Inject(REALTIME_CONFIG) private readonly config: RealtimeConfig,
    @Inject(REALTIME_LOGGER) private readonly logger: JsonLogger,
    private readonly requests: NatsOperationsClient,
    private readonly sequence: AreaSequence,
    private readonly metrics: RealtimeMetrics,
  ) {}

  private get limitOptions(): SocketLimitOptions {
    return {
      burst: this.config.REALTIME_SOCKET_BURST,
      ratePerS: this.config.REALTIME_SOCKET_RATE_PER_S,
      maxAreas: this.config.REALTIME_SOCKET_MAX_AREAS,
      maxPendingSubscribes: 2,
      disconnectAfterRefusals: this.config.REALTIME_SOCKET_DISCONNECT_AFTER,
    };
  }

  /** Handshake check, before the socket is connected: a refusal is the client's `connect_error`. */
  afterInit(namespace: Namespace): void {
    // The default namespace is closed (issue 13: it accepted connections without a token).
    namespace.server.of('/').use((socket, next) => {
      this.metrics.rejected.inc({ reason: 'default_namespace' });
      const message = translateMessage(`not found: this server serves only the ${OPS_NAMESPACE} namespace`, handshakeLang(socket.handshake));
      const err = new Error(message) as Error & { data: { code: string } };
      err.data = { code: 'not_found' };
      next(err);
    });
    namespace.use((socket, next) => {
      const outcome = authenticateHandshake(this.config.JWT_SECRET, socket.handshake);
      if (outcome.ok) {
        const data: OpsSocketData = { actor: outcome.actor };
        socket.data = data;
        next();
        return;
      }
      this.metrics.rejected.inc({ reason: outcome.code === 'forbidden' ? 'forbidden_role' : `token_${outcome.code}` });
      this.logger.event('info', 'handshake refused', { code: outcome.code, address: socket.handshake.address });
      const err = new Error(translateMessage(outcome.message, handshakeLang(socket.handshake))) as Error & { data: OpsConnectErrorData };
      err.data = { code: outcome.code };
      next(err);
    });
  }

  handleConnection(socket: Socket): void {
    // Synchronous with the connection (the adapter joins locally), so nothing sent to the
    // user's room after the client sees `connect` can miss this socket.
    void socket.join(userRoom(actorOf(socket).userId));
    const limits = new SocketLimiter(this.limitOptions, Date.now());
    (socket.data as OpsSocketData).limits = limits;
    socket.use((packet, next) => {
      // What was still buffered from a socket disconnected for abuse is dropped unanswered.
      if (!socket.connected) return;
      const verdict = limits.message(Date.now());
      if (verdict.ok) {
        next();
        return;
      }
      // Answered here, not passed on: the client hears why through its ack or `ops.error`.
      const ack: unknown = packet[packet.length - 1];
      this.refuseLimit(socket, verdict, typeof ack === 'function' ? (ack as (a: OpsAck) => void) : undefined);
    });
  }

  /** Counts a refusal of a limit, tells the client, and disconnects a socket that keeps asking. */
  private refuseLimit(socket: Socket, verdict: Exclude<LimitVerdict, { ok: true }>, ack?: (answer: OpsAck) => void): OpsAck {
    const answer: OpsAck = { ok: false, error: { code: verdict.code, message: translateMessage(verdict.message, handshakeLang(socket.handshake)) } };
    this.metrics.rejected.inc({ reason: verdict.code });
    if (ack) ack(answer);
    else socket.emit(OPS_EVENTS.error, answer.error);
    if (verdict.disconnect) {
      this.metrics.rejected.inc({ reason: 'disconnected_abuse' });
      this.logger.event('warn', 'socket disconnected: it kept asking after being refused', { userId: actorOf(socket).userId, code: verdict.code });
      socket.disconnect(true);
    }
    return answer;
  }

  @SubscribeMessage(OPS_EVENTS.subscribe)
  async onSubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown, @Ack() ack?: (answer: OpsAck) => void): Promise<void> {
    const limits = (socket.data as OpsSocketData).limits;
    const started = limits?.startSubscribe() ?? { ok: true };
    if (!started.ok) {
      this.refuseLimit(socket, started, typeof ack === 'function' ? ack : undefined);
      return;
    }
    let answer: OpsAck;
    try {
      answer = await this.subscribe(socket, body);
    } finally {
      limits?.done();
    }
    // Codes stay as they are; the sentence is in the client's language.
    if (!answer.ok) answer = { ok: false, error: { ...answer.error, message: translateMessage(answer.error.message, handshakeLang(socket.handshake)) } };
    if (typeof ack === 'function') ack(answer);
    else if (!answer.ok) socket.emit(OPS_EVENTS.error, answer.error);
  }

  private async subscribe(socket: Socket, body: unknown): Promise<OpsAck> {
    const actor = actorOf(socket);
    const parsed = OpsSubscribeV1.parse(body);
    if (!parsed.ok) {
      this.metrics.rejected.inc({ reason: 'invalid_subscribe' });
      return { ok: false, error: { code: 'invalid_request', message: formatIssues(parsed.issues) } };
    }
    const refuse = (error: { code: string; message: string }): OpsAck => {
      this.metrics.rejected.inc({ reason: error.code === 'forbidden' ? 'forbidden_area' : error.code });
      this.logger.event('info', 'subscribe refused', { userId: actor.userId, code: error.code, detail: error.message });
      return { ok: false, error };
    };
    try {
      const snapshotOf = (areas?: string[]) => this.requests.request('registry.snapshot.v1', { areas }, RegistrySnapshotReplyV1, this.config.REALTIME_SNAPSHOT_TIMEOUT_MS);
      const scoped = (reply: { areas: { areaCode: string; district: string }[] }) =>
        reply.areas.map((a) => ({ code: a.areaCode, district: a.district }));
      // Learn the districts of the areas asked for (of every area for "*") to check the
      // scope before anything is joined.
      const requested = parsed.value.areas;
      const decision = decideAreas(requested, scoped(await snapshotOf(requested === '*' ? undefined : requested)), actor.scope);
      if (!decision.ok) return refuse(decision.error);
      const codes = decision.codes;
      if (codes.length === 0) {
        socket.emit(OPS_EVENTS.snapshot, { areas: [] } satisfies OpsSnapshot);
        return { ok: true };
      }
      // Order matters: join the rooms, then read the sequence numbers, then the snapshot.
      // A change pushed before the sequence read is already in the snapshot (the registry
      // commits before it publishes); one pushed after it arrives with a higher number and
      // is applied over the snapshot, which is safe because a push carries the full status.
      const rooms = codes.map(areaRoom);
      const joined = rooms.filter((room) => !socket.rooms.has(room));
      const held = [...socket.rooms].filter((room) => room.startsWith('area:')).length;
      const room = (socket.data as OpsSocketData).limits?.areas(held, joined.length) ?? { ok: true };
      if (!room.ok) {
        this.metrics.rejected.inc({ reason: room.code });
        if (room.disconnect) setImmediate(() => socket.disconnect(true));
        return { ok: false, error: { code: room.code, message: room.message } };
      }
      await socket.join(joined);
      const seqs = await this.sequence.current(codes);
      const reply = await snapshotOf(codes);
      // Checked again: an area may have been removed, or moved out of the scope, meanwhile.
      const recheck = decideAreas(codes, scoped(reply), actor.scope);
      if (!recheck.ok) {
        for (const room of joined) await socket.leave(room);
        return refuse(recheck.error);
      }
      const seqOf = new Map(codes.map((code, i) => [code, seqs[i]]));
      const incidents = await this.standingIncidents(codes);
      const snapshot: OpsSnapshot = {
        areas: reply.areas.map((a) => ({
          ...a,
          seq: seqOf.get(a.areaCode) ?? 0,
          ...(incidents ? { incidents: incidents.filter((i) => i.areaCode === a.areaCode).map((i) => localizeIncident(i, handshakeLang(socket.handshake))) } : {}),
        })),
      };
      socket.emit(OPS_EVENTS.snapshot, snapshot);
      return { ok: true };
    } catch (err) {
      this.logger.event('error', 'subscribe failed', { userId: actor.userId, error: errorMessage(err) });
      return { ok: false, error: { code: 'unavailable', message: `snapshot unavailable: ${errorMessage(err)}` } };
    }
  }

  /** The areas' standing incidents; undefined (and the snapshot says nothing of them) if the incident service does not answer. */
  private async standingIncidents(codes: string[]): Promise<Incident[] | undefined> {
    try {
      return (await this.requests.request('incident.v1.incidents.standing', { areas: codes }, STANDING_REPLY, this.config.REALTIME_SNAPSHOT_TIMEOUT_MS)).items;
    } catch (err) {
      this.logger.event('warn', 'snapshot without incidents: the incident service did not answer', { error: errorMessage(err) });
      return undefined;
    }
  }
}
