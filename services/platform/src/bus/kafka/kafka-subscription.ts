import { deadLetterTopic } from '@grid/contracts';
import type { Admin, Consumer, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import type { BusSubscription, DeadLetterHeaders, DeliveredMessage, MessageHandler } from '../bus';
import { GroupOffsets, type PartitionLag } from './kafka-offsets';
import { describeError, fromRecord, headersOf } from './kafka-wire';
import { tracedHandler } from '../../telemetry/messaging-telemetry'; // telemetry hooks
import { watchKafkaLag } from '../../telemetry/metrics'; // telemetry hooks

/** Consumer settings a KafkaBus hands each subscription. */
export interface ConsumerTuning {
  /** Upper bound of a fetch's wait for new data; small so close() and rebalances are quick (default 250 ms). */
  maxWaitTimeInMs: number;
  /** How often the member heartbeats; a rebalance waits for every member's next heartbeat (default 1 s). */
  heartbeatIntervalMs: number;
  /** Without a heartbeat this long, the coordinator drops the member and moves its partitions (default 30 s). */
  sessionTimeoutMs: number;
  /** Partitions worked at once by one member; within a partition, always one message at a time. */
  partitionsConsumedConcurrently: number;
  /** How long close() lets the handler in hand finish (and be committed) before abandoning it (default 10 s). */
  closeGraceMs: number;
}

export interface SubscriptionSettings extends ConsumerTuning {
  kafka: Kafka;
  admin: Admin;
  producer: Producer;
  groupId: string;
  topics: string[];
  handler: MessageHandler;
  maxRetries: number;
  backoffMs: number;
  fromBeginning: boolean;
  ensureTopics: (topics: string[]) => Promise<void>;
  onError: (error: unknown, context: string) => void;
  onClosed: () => void;
}

/** Why a delivery ended without its outcome being committed. */
class Abandoned extends Error {}

interface Failure {
  error: unknown;
  attempts: number;
}

/**
 * One member of a Kafka consumer group. Offsets are committed by hand (autoCommit off), each one only after
 * its message was handled or dead-lettered: Kafka's committed offset is "the next to read", so offset + 1.
 * A failing handler is retried in process with doubling backoff, holding up only its partition (kafkajs
 * works partitions concurrently but each in order); after the last retry the message goes to `<topic>.dlq`
 * and is committed past, so the rest flow on. A crash re-delivers at most what was in hand, uncommitted.
 */
export class KafkaSubscription implements BusSubscription {
  /** Set on close(): take no new messages. */
  private readonly draining = new AbortController();
  /** Set on abort() or when close()'s grace ran out: drop the message in hand without committing it. */
  private readonly dropping = new AbortController();
  private readonly inHand = new Set<Promise<void>>();
  private closing: Promise<void> | null = null;
  private unwatchLag: () => void = () => undefined; // telemetry

  private constructor(
    private readonly s: SubscriptionSettings,
    private readonly consumer: Consumer,
    private readonly offsets: GroupOffsets,
  ) {}

  static async start(s: SubscriptionSettings): Promise<KafkaSubscription> {
    // The dead-letter topics exist before anything can fail, so a poison message never waits on topic creation.
    await s.ensureTopics([...s.topics, ...s.topics.filter((t) => !t.endsWith('.dlq')).map(deadLetterTopic)]);
    const offsets = new GroupOffsets(s.admin, s.groupId, s.topics);
    if (!s.fromBeginning) await pinAtEnd(s, offsets);
    const consumer = s.kafka.consumer({
      groupId: s.groupId,
      maxWaitTimeInMs: s.maxWaitTimeInMs,
      heartbeatInterval: s.heartbeatIntervalMs,
      sessionTimeout: s.sessionTimeoutMs,
      // Topics are created by the bus with its partition count; a broker's auto-creation would pick its own.
      allowAutoTopicCreation: false,
    });
    const subscription = new KafkaSubscription(s, consumer, offsets);
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      s.onError(payload.error, `consumer of group ${s.groupId} crashed (restart: ${payload.restart})`),
    );
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: s.topics, fromBeginning: s.fromBeginning });
      // run() resolves once the member has joined the group and received its partitions.
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: s.partitionsConsumedConcurrently,
        eachMessage: (payload) => subscription.track(payload),
      });
    } catch (error) {
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    subscription.unwatchLag = watchKafkaLag(() => subscription.lag()); // telemetry: grid.bus.consumer.lag until closed
    return subscription;
  }

  caughtUp(timeoutMs?: number): Promise<void> {
    return this.offsets.caughtUp(() => this.closing === null, timeoutMs);
  }

  /** The group's lag on this subscription's topics, per partition (the consumer-lag metric). */
  lag(): Promise<PartitionLag[]> {
    return this.offsets.lag();
  }

  /**
   * Leaves the group after the handlers in hand have finished and been committed (within closeGraceMs; what
   * is still running then is dropped uncommitted and will be delivered again to whoever takes the partition).
   */
  close(): Promise<void> {
    this.closing ??= this.shutDown(this.s.closeGraceMs);
    return this.closing;
  }

  /** Stops at once as a crash would: the messages in hand are neither finished nor committed. */
  abort(): Promise<void> {
    this.closing ??= this.shutDown(0);
    return this.closing;
  }

  private async shutDown(graceMs: number): Promise<void> {
    this.draining.abort();
    // No more fetching while the messages in hand finish (kafkajs's runner checks this between messages).
    try {
      this.consumer.pause(this.s.topics.map((topic) => ({ topic })));
    } catch {
      // not running (it crashed and did not restart): nothing is being fetched anyway
    }
    if (this.inHand.size > 0 && graceMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled([...this.inHand]), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    }
    this.dropping.abort();
    try {
      // Only now: kafkajs drops commits once its runner is stopping, so the last ones must land before this.
      await this.consumer.disconnect();
    } finally {
      this.unwatchLag(); // telemetry
      this.s.onClosed();
    }
  }

  private async track(payload: EachMessagePayload): Promise<void> {
    if (this.draining.signal.aborted) return; // not handled, not committed: the next owner gets it
    const work = this.deliver(payload);
    this.inHand.add(work);
    try {
      await work;
    } catch (error) {
      if (!(error instanceof Abandoned)) throw error;
    } finally {
      this.inHand.delete(work);
    }
  }

  /** Handle (with retries) or dead-letter one message, then commit past it. */
  private async deliver({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const { groupId } = this.s;
    // A long handler or backoff must not cost the member its place in the group.
    const keepAlive = setInterval(() => heartbeat().catch(() => undefined), this.s.heartbeatIntervalMs);
    try {
      let failure: Failure | null;
      try {
        failure = await this.handle(fromRecord(topic, partition, message, 1));
      } catch (error) {
        if (error instanceof Abandoned) throw error;
        // Not an envelope (a foreign producer, a tombstone): no retry can help, so straight to the dead letters.
        failure = { error, attempts: 0 };
      }
      if (failure) await this.deadLetter(topic, message.key, message.value, headersOf(message.headers), failure);
      if (this.dropping.signal.aborted) throw new Abandoned(`group ${groupId}: ${topic}/${partition}@${message.offset} dropped on close`);
      // The committed offset names the next message to read.
      await this.consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    } finally {
      clearInterval(keepAlive);
    }
  }

  /** Attempts 1..1+maxRetries with doubling backoff; the failure of the last, or null once one succeeded. */
  private async handle(delivered: DeliveredMessage): Promise<Failure | null> {
    const { maxRetries, backoffMs } = this.s;
    // telemetry: each attempt runs in a span `process <topic>` whose parent is the message's traceparent header
    const handler = tracedHandler('kafka', this.s.groupId, this.s.handler);
    for (let attempt = 1; ; attempt += 1) {
      try {
        // A copy per attempt: a handler that mutated the message before failing must not see its own edits on retry.
        const copy = { ...delivered, value: structuredClone(delivered.value), headers: { ...delivered.headers }, attempt };
        await this.unlessDropped(Promise.resolve().then(() => handler(copy)));
        return null;
      } catch (error) {
        if (error instanceof Abandoned) throw error;
        if (attempt > maxRetries) return { error, attempts: attempt };
        await this.unlessDropped(delay(backoffMs * 2 ** (attempt - 1), this.dropping.signal));
      }
    }
  }

  private async deadLetter(
    topic: string,
    key: Buffer | null,
    value: Buffer | null,
    headers: Record<string, string>,
    failure: Failure,
  ): Promise<void> {
    const dlq: DeadLetterHeaders = {
      'dlq-original-topic': topic,
      'dlq-error': describeError(failure.error),
      'dlq-attempts': String(failure.attempts),
      'dlq-group': this.s.groupId,
    };
    const target = deadLetterTopic(topic);
    await this.s.ensureTopics([target]);
    // The original bytes and key go over unchanged: same partitioning, and an auditor sees what was refused.
    await this.s.producer.send({ topic: target, messages: [{ key, value, headers: { ...headers, ...dlq } }] });
  }

  /** Waits for `work` unless the subscription drops its messages first; the abandoned work may still settle. */
  private unlessDropped<T>(work: Promise<T>): Promise<T> {
    const signal = this.dropping.signal;
    if (signal.aborted) return Promise.reject(new Abandoned('dropped'));
    return new Promise<T>((resolve, reject) => {
      const onDrop = () => reject(new Abandoned('dropped'));
      signal.addEventListener('abort', onDrop, { once: true });
      work.then(
        (value) => {
          signal.removeEventListener('abort', onDrop);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onDrop);
          reject(error);
        },
      );
    });
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (the caller then sees the drop, not the delay). */
function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * A group told not to start from the beginning is given committed offsets at the partitions' current ends
 * now, as the embedded bus does: kafkajs alone resolves "latest" only at its first fetch after the join,
 * and whatever is published in between is skipped. The commit needs a group generation, hence a brief
 * member of its own; admin.setOffsets does the same but waits out a full 5 s fetch before it returns.
 * A group that already has members is left alone: they hold (or will resolve) its positions.
 */
async function pinAtEnd(s: SubscriptionSettings, offsets: GroupOffsets): Promise<void> {
  const uncommitted = await offsets.uncommittedEnds();
  if (uncommitted.length === 0) return;
  const { groups } = await s.admin.describeGroups([s.groupId]);
  if ((groups[0]?.members.length ?? 0) > 0) return;
  const pin = s.kafka.consumer({ groupId: s.groupId, maxWaitTimeInMs: 50, allowAutoTopicCreation: false });
  await pin.connect();
  try {
    await pin.subscribe({ topics: s.topics, fromBeginning: true });
    await pin.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => undefined });
    pin.pause(s.topics.map((topic) => ({ topic })));
    await pin.commitOffsets(
      uncommitted.flatMap(({ topic, partitions }) => partitions.map(({ partition, offset }) => ({ topic, partition, offset }))),
    );
  } finally {
    await pin.disconnect();
  }
}
