// Which partitions of the device traffic this copy of a service owns (decision 0024).
// Ownership is a session-level Postgres advisory lock per partition, held on a connection of
// its own: Postgres releases it the moment that session ends, so the partitions of a copy
// that dies (SIGKILL, a lost node: TCP keepalives of a few seconds) are free for the others
// at once. The live copies are the sessions holding a member lock of the same service, read
// from pg_locks: no heartbeats, no clock. Every `intervalMs` each copy reads who is there,
// computes its fair share (partition-share.ts), gives up what is above it and takes free
// partitions up to it.
//
// The work a partition carries (its consumer, its state in memory, its operations) is done
// by participants: taking a partition calls each participant's `acquired` after the lock is
// held; giving one up calls `released` (in reverse order: the batch in hand finished and
// acked, the consumer stopped) and only then unlocks, so the next owner never overlaps the
// previous one. If the lock connection fails, every partition is given up at once ("lost")
// and taken again when it is back.
import { randomInt } from 'node:crypto';
import { hostname } from 'node:os';
import { Client } from 'pg';
import type { Counter, Gauge } from 'prom-client';
import { DEVICE_PARTITIONS, fnv1a32 } from '@ioc/contracts';
import { errorMessage } from './errors';
import type { JsonLogger } from './logger';
import type { Metrics } from './observability.module';
import { planPartitions } from './partition-share';

export type ReleaseReason = 'rebalance' | 'shutdown' | 'lost';

/** Work that follows the partitions a copy owns. */
export interface PartitionParticipant {
  /** Partitions just taken (the locks are held): load their state, start their work. */
  acquired(partitions: number[]): Promise<void>;
  /** Partitions being given up: finish the work in hand and stop; the locks go after. */
  released(partitions: number[], reason: ReleaseReason): Promise<void>;
}

export interface PartitionOwnershipOptions {
  /** The service whose copies share the partitions (`registry`, `incident`). */
  service: string;
  databaseUrl: string;
  /** The service's schema: the locks of two deployments on one database never meet. */
  schema: string;
  partitions?: number;
  /** How often each copy looks at the members and rebalances (default 1 s). */
  intervalMs?: number;
}

interface LockRow {
  key: string;
  id: string;
  mine: boolean;
}

/** An advisory lock key (int4, positive) for a name. */
const lockKey = (name: string) => fnv1a32(name) & 0x7fffffff;

export class PartitionOwnership {
  readonly partitions: number;
  /** This copy's member id (its member lock), and a readable name for logs. */
  readonly memberId = randomInt(1, 0x7fffffff);
  readonly memberName = `${hostname()}-${process.pid}`;
  private readonly memberKey: number;
  private readonly partitionKey: number;
  private readonly intervalMs: number;
  private readonly participants: PartitionParticipant[] = [];
  /** Joined with `last`: told after the others when a partition is taken, before them when it is given up. */
  private readonly lastParticipants: PartitionParticipant[] = [];
  private readonly mine = new Set<number>();
  private client?: Client;
  private timer?: NodeJS.Timeout;
  private running = false;
  /** Cycles, losses and the stop run one at a time. */
  private turn: Promise<void> = Promise.resolve();
  private members = 0;
  private lastShare = -1;
  private readonly ownedGauge: Gauge;
  private readonly membersGauge: Gauge;
  private readonly changes: Counter<'change'>;

  constructor(
    private readonly options: PartitionOwnershipOptions,
    private readonly logger: JsonLogger,
    metrics: Metrics,
  ) {
    this.partitions = options.partitions ?? DEVICE_PARTITIONS;
    this.intervalMs = options.intervalMs ?? 1000;
    this.memberKey = lockKey(`${options.schema}.${options.service}.members`);
    this.partitionKey = lockKey(`${options.schema}.${options.service}.partitions`);
    this.ownedGauge = metrics.gauge('ioc_partitions_owned', 'Partitions of the device traffic this copy owns');
    this.membersGauge = metrics.gauge('ioc_partition_members', 'Live copies of the service sharing the partitions, as this copy last saw them');
    this.changes = metrics.counter('ioc_partition_changes_total', 'Partitions taken and given up by this copy', ['change']);
  }

  /**
   * Adds work that follows the owned partitions; before `start`. `last`: taken after the
   * others' (their state is loaded) and given up before them (e.g. answering operations).
   */
  participate(participant: PartitionParticipant, order: 'first' | 'last' = 'first'): void {
    if (this.running) throw new Error('participants join before the ownership starts');
    (order === 'last' ? this.lastParticipants : this.participants).push(participant);
  }

  private get everyParticipant(): PartitionParticipant[] {
    return [...this.participants, ...this.lastParticipants];
  }

  owns(partition: number): boolean {
    return this.mine.has(partition);
  }

  get owned(): number[] {
    return [...this.mine].sort((a, b) => a - b);
  }

  /** Joins the members and takes a first share (awaited), then rebalances every interval. */
  async start(): Promise<void> {
    this.running = true;
    await this.inTurn(() => this.cycle());
    this.schedule();
  }

  /** Gives every partition up (work finished first), then leaves. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.timer);
    await this.inTurn(async () => {
      await this.giveUp(this.owned, 'shutdown');
      const client = this.client;
      this.client = undefined;
      await client?.end().catch(() => undefined);
    });
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      void this.inTurn(() => this.cycle()).finally(() => this.schedule());
    }, this.intervalMs);
  }

  private inTurn(work: () => Promise<void>): Promise<void> {
    const next = this.turn.then(work).catch((err) => this.logger.event('error', 'partition ownership failed; trying again', { error: errorMessage(err) }));
    this.turn = next;
    return next;
  }

  private async connect(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: `ioc-${this.options.service}-partitions ${this.memberName}`,
      keepAlive: true,
      query_timeout: 10_000,
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('the connection ended')));
    await client.connect();
    try {
      // The server notices a copy that vanished without closing its socket within ~11 s.
      await client.query('SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2; SET tcp_keepalives_count = 3');
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [this.memberKey, this.memberId]);
      if (!rows[0]?.ok) throw new Error(`member id ${this.memberId} is taken`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    this.logger.event('info', 'joined the copies sharing the partitions', { member: this.memberName, memberId: this.memberId });
    return client;
  }

  /** The lock session is gone: so are the locks. Stop the work at once. */
  private lost(client: Client, err: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (!this.running) return;
    this.logger.event('error', 'lost the partition locks with their connection; giving every partition up', { error: err.message, partitions: this.owned });
    void this.inTurn(() => this.giveUp(this.owned, 'lost'));
  }

  private async cycle(): Promise<void> {
    if (!this.running) return;
    const client = await this.connect();
    const { rows } = await client.query<LockRow>(
      `SELECT l.classid::bigint::text AS key, l.objid::bigint::text AS id, l.pid = pg_backend_pid() AS mine
       FROM pg_locks l
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         AND l.classid::bigint IN ($1, $2)`,
      [this.memberKey, this.partitionKey],
    );
    const members = rows.filter((r) => Number(r.key) === this.memberKey).map((r) => r.id);
    const taken = new Set(rows.filter((r) => Number(r.key) === this.partitionKey && !r.mine).map((r) => Number(r.id)));
    // A lock taken by a cycle that failed half-way, never handed to the participants: let it go.
    for (const r of rows) {
      if (Number(r.key) === this.partitionKey && r.mine && !this.mine.has(Number(r.id))) await client.query('SELECT pg_advisory_unlock($1, $2)', [this.partitionKey, Number(r.id)]);
    }
    this.members = members.length;
    this.membersGauge.set(members.length);
    const plan = planPartitions({ partitions: this.partitions, members, self: String(this.memberId), owned: this.mine, taken });
    if (plan.share !== this.lastShare) {
      this.lastShare = plan.share;
      this.logger.event('info', 'partition share computed', { copies: members.length, share: plan.share, owned: this.mine.size });
    }
    if (plan.release.length) await this.giveUp(plan.release, 'rebalance');
    if (plan.acquire.length) await this.take(client, plan.acquire);
  }

  private async take(client: Client, candidates: number[]): Promise<void> {
    const got: number[] = [];
    for (const p of candidates) {
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [this.partitionKey, p]);
      if (rows[0]?.ok) got.push(p);
    }
    if (got.length === 0) return;
    for (const p of got) this.mine.add(p);
    this.ownedGauge.set(this.mine.size);
    try {
      for (const participant of this.everyParticipant) await participant.acquired(got);
    } catch (err) {
      this.logger.event('error', 'taking partitions failed; giving them back', { partitions: got, error: errorMessage(err) });
      await this.giveUp(got, 'rebalance');
      return;
    }
    this.changes.inc({ change: 'acquired' }, got.length);
    this.logger.event('info', 'partitions taken', { partitions: got, owned: this.owned, copies: this.members });
  }

  private async giveUp(partitions: number[], reason: ReleaseReason): Promise<void> {
    const gone = partitions.filter((p) => this.mine.has(p));
    if (gone.length === 0) return;
    for (const participant of this.everyParticipant.reverse()) {
      // A participant that fails to stop cleanly must not keep the lock: its work is redelivered.
      await participant.released(gone, reason).catch((err) =>
        this.logger.event('error', 'stopping the work of partitions failed', { partitions: gone, error: errorMessage(err) }),
      );
    }
    for (const p of gone) this.mine.delete(p);
    this.ownedGauge.set(this.mine.size);
    if (reason !== 'lost' && this.client) {
      for (const p of gone) await this.client.query('SELECT pg_advisory_unlock($1, $2)', [this.partitionKey, p]);
    }
    this.changes.inc({ change: reason === 'lost' ? 'lost' : 'released' }, gone.length);
    this.logger.event(reason === 'lost' ? 'warn' : 'info', 'partitions given up', { partitions: gone, reason, owned: this.owned });
  }
}
