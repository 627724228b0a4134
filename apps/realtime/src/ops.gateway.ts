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
      const requested = parsed.value.areas === '*' ? undefined : parsed.value.areas;
      const reply = await requestJson(
        this.nc,
        natsSubjects(this.config.NATS_PREFIX).registrySnapshot,
        { areas: requested },
        RegistrySnapshotReplyV1,
        this.config.REALTIME_SNAPSHOT_TIMEOUT_MS,
      );
      const codes = reply.areas.map((a) => a.areaCode);
      const unknown = (requested ?? []).filter((code) => !codes.includes(code));
      if (unknown.length) {
        this.rejected.inc({ reason: 'unknown_area' });
        return { ok: false, error: { code: 'unknown_area', message: `unknown key areas: ${unknown.join(', ')}` } };
      }
      // Join first, then read sequences: a push racing the snapshot arrives with a higher
      // sequence and is applied over it; its content is a full new status, so that is safe.
      await socket.join(codes.map(areaRoom));
      const seqs = await this.sequence.current(codes);
      const snapshot: OpsSnapshot = { areas: reply.areas.map((a, i) => ({ ...a, seq: seqs[i] })) };
      socket.emit(OPS_EVENTS.snapshot, snapshot);
      return { ok: true };
    } catch (err) {
      this.logger.event('error', 'subscribe failed', { error: errorMessage(err) });
      return { ok: false, error: { code: 'unavailable', message: `snapshot unavailable: ${errorMessage(err)}` } };
    }
  }
}
