// The ingest's PUBACKs, sent by us rather than by mqtt.js, so a session can have many
// messages in hand at once (decision 0023). mqtt.js handles one PUBLISH at a time per
// session and sends its PUBACK only when the handler calls back: the session would wait a
// JetStream round trip for every message. Instead the handler tells mqtt.js to move on at
// once, and this queue sends each PUBACK when the message is safe in JetStream.
//
// PUBACKs go out in the order the PUBLISHes came in (MQTT 5, 4.6), so one slow message
// holds back the acknowledgements behind it, never their handling; the broker stops
// sending when `receiveMaximum` messages are unacknowledged. A queue belongs to one
// network connection: when it closes, the queue is closed and what it still held is never
// acknowledged. Packet ids are reused on the next connection, and the broker resends every
// unacknowledged message there; JetStream drops the copies it already has.

import type { MqttClient } from 'mqtt';

export type SendPuback = (messageId: number, reasonCode: number) => void;

/**
 * Handed to mqtt.js's customHandleAcks callback, it makes mqtt.js go on to the next PUBLISH
 * without sending a PUBACK (its error path: it also emits this as an 'error', to ignore).
 */
export const ACK_LATER = new Error('PUBACK sent by the ingest once JetStream has the message');

/**
 * Writes a PUBACK with mqtt.js's own packet writer (not public API: mqtt is pinned by the
 * lock file, and puback-queue.int-spec.ts checks it against the real broker). Nothing is
 * sent while disconnected: mqtt.js would keep it for the next connection, where the id
 * means another message.
 */
export function sendPuback(client: MqttClient, messageId: number, reasonCode: number): void {
  if (!client.connected) return;
  (client as unknown as { _sendPacket(packet: object, cb?: () => void, cbStorePut?: () => void, noStore?: boolean): void })._sendPacket(
    { cmd: 'puback', messageId, reasonCode },
    undefined,
    undefined,
    true,
  );
}

interface Entry {
  messageId: number;
  reasonCode?: number;
}

export class PubackQueue {
  /** For a message that arrives before its connection's queue exists: never acknowledged, so redelivered. */
  static readonly CLOSED = (() => {
    const q = new PubackQueue(() => undefined);
    q.close();
    return q;
  })();

  private readonly entries: Entry[] = [];
  private head = 0;
  private closed = false;
  private waiting?: { limit: number; resume: () => void };

  constructor(private readonly send: SendPuback) {}

  /**
   * Calls `resume` once fewer than `limit` messages are unacknowledged (at once if so now).
   * The session reads its next PUBLISH only then: the ingest's own bound on what it holds,
   * whatever the broker makes of receiveMaximum.
   */
  whenBelow(limit: number, resume: () => void): void {
    if (this.closed || this.pending < limit) resume();
    else this.waiting = { limit, resume };
  }

  /** Takes a PUBLISH in arrival order; call the result with its reason code once it is safe (0) or refused. */
  add(messageId: number): (reasonCode: number) => void {
    if (this.closed) return () => undefined;
    const entry: Entry = { messageId };
    this.entries.push(entry);
    return (reasonCode) => {
      if (entry.reasonCode !== undefined) return;
      entry.reasonCode = reasonCode;
      this.flush();
    };
  }

  /** Messages taken and not yet acknowledged. */
  get pending(): number {
    return this.entries.length - this.head;
  }

  /** The connection closed: nothing more is sent from this queue. */
  close(): void {
    this.closed = true;
    this.entries.length = 0;
    this.head = 0;
    this.resumeWaiting();
  }

  private resumeWaiting(): void {
    const waiting = this.waiting;
    if (waiting && (this.closed || this.pending < waiting.limit)) {
      this.waiting = undefined;
      waiting.resume();
    }
  }

  private flush(): void {
    while (!this.closed && this.head < this.entries.length && this.entries[this.head].reasonCode !== undefined) {
      const { messageId, reasonCode } = this.entries[this.head++];
      this.send(messageId, reasonCode ?? 0);
    }
    // Drop what was sent now and then, not on every PUBACK (shift() is O(n)).
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
    this.resumeWaiting();
  }
}
