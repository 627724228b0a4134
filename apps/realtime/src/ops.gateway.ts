// The /ops namespace: clients subscribe to key areas, receive a snapshot with each area's
// sequence number, then the pushes for those areas. Authentication and area scopes come
// with users (issue "Device registry, gateway credentials, and who may see what").
import { Inject } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { NatsConnection } from 'nats';
import type { Counter } from 'prom-client';
import type { Namespace, Socket } from 'socket.io';
import {
  formatIssues,
  natsSubjects,
  OPS_EVENTS,
  OPS_NAMESPACE,
  OpsSubscribeV1,
  RegistrySnapshotReplyV1,
  type OpsAck,
  type OpsSnapshot,
} from '@ioc/contracts';
import { errorMessage, JsonLogger, Metrics, requestJson } from '@ioc/platform';
import { AreaSequence } from './area-sequence';
import { REALTIME_CONFIG, type RealtimeConfig } from './realtime.config';

export const REALTIME_NATS = Symbol('REALTIME_NATS');
export const REALTIME_LOGGER = Symbol('REALTIME_LOGGER');

export const areaRoom = (areaCode: string) => `area:${areaCode}`;

@WebSocketGateway({ namespace: OPS_NAMESPACE })
export class OpsGateway {
  @WebSocketServer()
  server!: Namespace;

  private readonly rejected: Counter<'reason'>;

  constructor(
    @Inject(REALTIME_CONFIG) private readonly config: RealtimeConfig,
    @Inject(REALTIME_NATS) private readonly nc: NatsConnection,
    @Inject(REALTIME_LOGGER) private readonly logger: JsonLogger,
    private readonly sequence: AreaSequence,
    metrics: Metrics,
  ) {
    this.rejected = metrics.counter('ioc_realtime_rejected_total', 'Socket.IO client messages rejected, by reason', ['reason']);
  }

  @SubscribeMessage(OPS_EVENTS.subscribe)
  async onSubscribe(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<OpsAck> {
    const parsed = OpsSubscribeV1.parse(body);
    if (!parsed.ok) {
      this.rejected.inc({ reason: 'invalid_subscribe' });
      return { ok: false, error: { code: 'invalid_request', message: formatIssues(parsed.issues) } };
    }
    try {
      const subject = natsSubjects(this.config.NATS_PREFIX).registrySnapshot;
      const snapshotOf = (areas?: string[]) =>
        requestJson(this.nc, subject, { areas }, RegistrySnapshotReplyV1, this.config.REALTIME_SNAPSHOT_TIMEOUT_MS);
      // "*" means every key area: learn their codes first.
      const codes = parsed.value.areas === '*' ? (await snapshotOf()).areas.map((a) => a.areaCode) : parsed.value.areas;
      // Order matters: join the rooms, then read the sequence numbers, then the snapshot.
      // A change pushed before the sequence read is already in the snapshot (the registry
      // commits before it publishes); one pushed after it arrives with a higher number and
      // is applied over the snapshot, which is safe because a push carries the full status.
      const rooms = codes.map(areaRoom);
      await socket.join(rooms);
      const seqs = await this.sequence.current(codes);
      const reply = await snapshotOf(codes);
      const known = new Set(reply.areas.map((a) => a.areaCode));
      const unknown = codes.filter((code) => !known.has(code));
      if (unknown.length) {
        for (const room of rooms) await socket.leave(room);
        this.rejected.inc({ reason: 'unknown_area' });
        return { ok: false, error: { code: 'unknown_area', message: `unknown key areas: ${unknown.join(', ')}` } };
      }
      const seqOf = new Map(codes.map((code, i) => [code, seqs[i]]));
      const snapshot: OpsSnapshot = { areas: reply.areas.map((a) => ({ ...a, seq: seqOf.get(a.areaCode) ?? 0 })) };
      socket.emit(OPS_EVENTS.snapshot, snapshot);
      return { ok: true };
    } catch (err) {
      this.logger.event('error', 'subscribe failed', { error: errorMessage(err) });
      return { ok: false, error: { code: 'unavailable', message: `snapshot unavailable: ${errorMessage(err)}` } };
    }
  }
}
