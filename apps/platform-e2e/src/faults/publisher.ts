// A gateway publishing at a steady rate, MQTT 5, QoS 1, recording every message id it sent
// and every one the broker accepted. Each device's first message is a status (its
// unknown → online transition), then instant intrusion events (each one counts once on the
// device's open incident) alternate with status heartbeats.
//
// It follows docs/device-protocol.md: a PUBACK with reason 0x10 (no matching subscribers)
// means nobody took the message (the broker restarted and the ingest has not subscribed
// again yet: Mosquitto 2.0 does not restore shared subscriptions), so the gateway sends it
// again, with the same id, after a short pause.
import mqtt, { type IPublishPacket, type MqttClient, type Packet } from 'mqtt';

const NO_MATCHING_SUBSCRIBERS = 0x10;

export interface SentMessage {
  id: string;
  deviceId: string;
  channel: 'status' | 'event';
}

export class SteadyPublisher {
  readonly sent = new Map<string, SentMessage>();
  readonly acked = new Set<string>();
  /** Sends repeated because the PUBACK said 0x10. */
  resentNoSubscribers = 0;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly pubackReason = new Map<number, number>();
  private seq = 0;

  private constructor(private readonly client: MqttClient) {
    client.on('packetreceive', (packet: Packet) => {
      if (packet.cmd === 'puback' && packet.messageId !== undefined) this.pubackReason.set(packet.messageId, packet.reasonCode ?? 0);
    });
  }

  /** A persistent session (clean: false): what the broker has not acknowledged is sent again after a reconnect. */
  static async connect(url: string, clientId: string, username: string, password: string): Promise<SteadyPublisher> {
    const client = await mqtt.connectAsync(url, {
      protocolVersion: 5,
      clientId,
      clean: false,
      properties: { sessionExpiryInterval: 3600 },
      username,
      password,
      reconnectPeriod: 250,
      connectTimeout: 5000,
    });
    // Reconnects are expected (the broker is one of the faults); errors are logged by the suite's counts, not thrown.
    client.on('error', () => undefined);
    return new SteadyPublisher(client);
  }

  /** Publishes round-robin over `devices` at `ratePerS` until stopped; `stop` waits for the PUBACKs (or gives up after `settleMs`). */
  run(topicOf: (deviceId: string, channel: string) => string, devices: string[], ratePerS: number): { stop(settleMs?: number): Promise<void> } {
    const perDevice = new Map<string, number>();
    let running = true;
    const loop = (async () => {
      const started = Date.now();
      for (let i = 0; running; i++) {
        const due = started + (i * 1000) / ratePerS;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (!running) break;
        const deviceId = devices[i % devices.length];
        const n = perDevice.get(deviceId) ?? 0;
        perDevice.set(deviceId, n + 1);
        const channel = n % 2 === 0 ? 'status' : 'event';
        const id = `${deviceId}-${++this.seq}`;
        const body =
          channel === 'status'
            ? { id, ts: new Date().toISOString(), online: true, recording: true, storageOk: true }
            : { id, ts: new Date().toISOString(), type: 'intrusion', state: 'instant', confidence: 0.9 };
        this.sent.set(id, { id, deviceId, channel });
        const p = this.deliver(topicOf(deviceId, channel), JSON.stringify(body)).then(
          () => this.acked.add(id),
          () => undefined,
        );
        this.pending.add(p);
        void p.finally(() => this.pending.delete(p));
      }
    })();
    return {
      stop: async (settleMs = 60_000) => {
        running = false;
        await loop;
        const deadline = Date.now() + settleMs;
        while (this.pending.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      },
    };
  }

  /** Resolves once the broker accepted the message (a PUBACK other than 0x10). */
  private async deliver(topic: string, payload: string): Promise<void> {
    for (;;) {
      const reason = await new Promise<number>((resolve, reject) =>
        this.client.publish(topic, payload, { qos: 1 }, (err, packet) => {
          if (err) return reject(err);
          // The callback runs while the PUBACK is handled, before its packet id is reused.
          const mid = (packet as IPublishPacket | undefined)?.messageId;
          resolve(mid === undefined ? 0 : (this.pubackReason.get(mid) ?? 0));
        }),
      );
      if (reason !== NO_MATCHING_SUBSCRIBERS) return;
      this.resentNoSubscribers++;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async end(): Promise<void> {
    await this.client.endAsync(true);
  }
}
