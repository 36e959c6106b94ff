import type { DatabaseSync } from 'node:sqlite';
import type { Bus, BusMessage, BusSubscription, MessageHandler, SubscribeTuning } from '../bus';
import { EmbeddedConsumer } from './consumer';
import { openBusDatabase, settlePartitionCount, type Synchronous } from './database';
import { WalSync } from '../../util/wal-sync';
import { checkpointOffLoop, FALLBACK_AUTOCHECKPOINT_PAGES } from '../../util/wal-checkpointer';
import { LaneLeases } from './lane-leases';
import { MessageLog, type NewMessage } from './message-log';
import { assertTopicName, partitionFor } from './partitioning';
import { BusSignals } from './wakeups';

export interface EmbeddedBusOptions {
  /** SQLite file; may be the event store's file (the bus keeps to its `bus_` tables). */
  path: string;
  /** Partitions per topic, fixed when the file is created (default 4). */
  partitions?: number;
  /** How often to look for messages and commits from other processes on the same file (default 100 ms). */
  pollMs?: number;
  /** How long a silent consumer keeps its lanes before others take them over (default 10 s). */
  leaseMs?: number;
  /** `FULL` (default): a publish returns once it is on disk. `NORMAL` may lose the last ones on power loss. */
  synchronous?: Synchronous;
  /**
   * With FULL (default true): SQLite runs at NORMAL and a publish returns after an fdatasync of the WAL on the
   * thread pool (util/wal-sync.ts), so the publisher's event loop never waits on the disk. Consumers' offset
   * commits and leases are then made durable by the next publish's sync or checkpoint: after a power cut a
   * group may get a few messages again, which at-least-once delivery already allows. false: SQLite's own FULL.
   */
  syncOffLoop?: boolean;
  /** Storage errors the bus recovers from by itself (it retries); default: a process warning. */
  onError?: (error: unknown, context: string) => void;
  /** Told once when a publish's WAL sync fails: the bus takes no more publishes (fail-stop); the owner should exit. */
  onDurabilityLost?: (error: unknown) => void;
}

const DEFAULT_PARTITIONS = 4;

/**
 * The Bus on one SQLite file: durable topics split into partitions by key, consumer groups with committed
 * positions, in-order lanes with retries and a dead-letter topic. Publishes of this instance wake its
 * consumers at once; anything written by another process is found by polling. Messages are kept forever:
 * there is no retention yet (the embedded default's volumes are small; Kafka carries production).
 */
export class EmbeddedBus implements Bus {
  private readonly log: MessageLog;
  private readonly leases: LaneLeases;
  private readonly signals = new BusSignals();
  private readonly consumers = new Set<EmbeddedConsumer>();
  private readonly pollTimer: NodeJS.Timeout;
  private lastSeenSeq: number;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly db: DatabaseSync,
    private readonly partitions: number,
    private readonly pollMs: number,
    private readonly leaseMs: number,
    private readonly onError: (error: unknown, context: string) => void,
    private readonly releaseCheckpoints: () => Promise<void>,
    private readonly walSync: WalSync | undefined,
  ) {
    this.log = new MessageLog(db);
    this.leases = new LaneLeases(db);
    this.lastSeenSeq = this.log.globalHeadSeq();
    this.pollTimer = setInterval(() => this.poll(), pollMs);
  }

  static async open(options: EmbeddedBusOptions): Promise<EmbeddedBus> {
    const synchronous = options.synchronous ?? 'FULL';
    const offLoop = synchronous === 'FULL' && options.syncOffLoop !== false && options.path !== ':memory:';
    const db = openBusDatabase(options.path, offLoop ? 'NORMAL' : synchronous);
    // Checkpoints on a worker thread, not inside a publish's COMMIT (see wal-checkpointer).
    db.exec(`PRAGMA wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    const release = checkpointOffLoop(options.path, synchronous);
    try {
      const partitions = settlePartitionCount(db, options.partitions, DEFAULT_PARTITIONS);
      const onError =
        options.onError ?? ((error: unknown, context: string) => process.emitWarning(`embedded bus, ${context}: ${String(error)}`));
      const walSync = offLoop ? new WalSync(`${options.path}-wal`, options.onDurabilityLost) : undefined;
      return new EmbeddedBus(db, partitions, options.pollMs ?? 100, options.leaseMs ?? 10_000, onError, release, walSync);
    } catch (error) {
      await release();
      db.close();
      throw error;
    }
  }

  async publish(messages: BusMessage[]): Promise<void> {
    this.assertOpen();
    if (messages.length === 0) return;
    const rows: NewMessage[] = messages.map((m) => {
      assertTopicName(m.topic);
      if (!m.key) throw new Error(`a message on ${m.topic} needs a key (the streamId): it decides the order`);
      return { topic: m.topic, partition: partitionFor(m.key, this.partitions), key: m.key, value: m.value, headers: { ...m.headers } };
    });
    this.walSync?.assertDurable();
    this.log.append(rows);
    await this.walSync?.durable(); // answered once on disk, as at FULL
    // lastSeenSeq is left to the poller: moving it here could hide another process's messages that came in between.
    for (const topic of new Set(rows.map((r) => r.topic))) this.signals.published(topic);
  }

  async subscribe(groupId: string, topics: string[], handler: MessageHandler, tuning: SubscribeTuning = {}): Promise<BusSubscription> {
    this.assertOpen();
    if (!groupId) throw new Error('a subscription needs a group id');
    if (topics.length === 0) throw new Error(`group ${groupId}: subscribe to at least one topic`);
    topics.forEach(assertTopicName);
    const consumer = EmbeddedConsumer.start({
      groupId,
      topics: [...new Set(topics)],
      handler,
      maxRetries: tuning.maxRetries ?? 3,
      backoffMs: tuning.backoffMs ?? 100,
      fromBeginning: tuning.fromBeginning ?? true,
      partitions: this.partitions,
      leaseMs: this.leaseMs,
      pollMs: this.pollMs,
      log: this.log,
      leases: this.leases,
      signals: this.signals,
      onError: this.onError,
    });
    this.consumers.add(consumer);
    return {
      caughtUp: (timeoutMs) => consumer.caughtUp(timeoutMs),
      close: async () => {
        await consumer.close();
        this.consumers.delete(consumer);
      },
    };
  }

  /** Closes every subscription (waiting for the handlers in hand), then the file. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.pollTimer);
      await Promise.all([...this.consumers].map((c) => c.close()));
      this.consumers.clear();
      await this.walSync?.close();
      await this.releaseCheckpoints();
      this.db.close();
    })();
    return this.closing;
  }

  /** Wakes the lanes when another process appended; the lanes themselves never poll. */
  private poll(): void {
    try {
      const head = this.log.globalHeadSeq();
      if (head !== this.lastSeenSeq) {
        this.lastSeenSeq = head;
        this.signals.published(null);
      }
    } catch (error) {
      this.onError(error, 'polling for new messages');
    }
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('the embedded bus is closed');
  }
}
