import type { Admin, Kafka, Message, Producer } from 'kafkajs';
import type { Bus, BusMessage, MessageHandler, SubscribeTuning } from '../bus';
import { KAFKA_LOG_LEVELS, kafkaLogCreator, type KafkaLogLevel } from './kafka-logging';
import type { PartitionLag } from './kafka-offsets';
import type { KafkaSasl, KafkaTls } from './kafka-security';
import { KafkaSubscription, type ConsumerTuning } from './kafka-subscription';
import { toRecord } from './kafka-wire';

export interface KafkaBusOptions {
  /** `host:port` of one or more brokers (a comma-separated string is split). */
  brokers: string[] | string;
  clientId: string;
  /** Partitions of the topics this bus creates: the most members a group can use per topic (default 6). */
  partitions?: number;
  /** Replicas of the topics this bus creates (default 1; 3 on a production cluster). */
  replicationFactor?: number;
  /** kafkajs log level (default `warn`); errors kafkajs retries itself are logged as debug. */
  logLevel?: KafkaLogLevel;
  consumer?: Partial<ConsumerTuning>;
  /** Problems the bus works around by itself (a consumer crash it restarts from); default a process warning. */
  onError?: (error: unknown, context: string) => void;
  /** SASL credentials (SCRAM); none: the broker must accept unauthenticated clients. */
  sasl?: KafkaSasl;
  /** TLS to the brokers; none: plaintext. */
  ssl?: KafkaTls;
}

const DEFAULT_CONSUMER: Omit<ConsumerTuning, 'partitionsConsumedConcurrently'> = {
  maxWaitTimeInMs: 250,
  heartbeatIntervalMs: 1000,
  sessionTimeoutMs: 30_000,
  closeGraceMs: 10_000,
};

/**
 * The production Bus on Apache Kafka (kafkajs). Topics are created by the admin client with the bus's
 * partition count before first use (with `<topic>.dlq`), never by broker auto-creation; the producer is
 * idempotent, so its retries cannot duplicate or reorder a partition's messages. Each subscription is a
 * kafkajs consumer in the given group (see KafkaSubscription for commits, retries and dead letters).
 * kafkajs is loaded by connect(), so importing this module costs nothing on the embedded path.
 */
export class KafkaBus implements Bus {
  private readonly topics = new Map<string, Promise<void>>();
  private readonly subscriptions = new Set<KafkaSubscription>();
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly producer: Producer,
    private readonly settings: {
      partitions: number;
      replicationFactor: number;
      consumer: ConsumerTuning;
      onError: (error: unknown, context: string) => void;
    },
  ) {}

  static async connect(options: KafkaBusOptions): Promise<KafkaBus> {
    const { Kafka, Partitioners } = await import('kafkajs');
    const brokers =
      typeof options.brokers === 'string'
        ? options.brokers
            .split(',')
            .map((b) => b.trim())
            .filter(Boolean)
        : options.brokers;
    if (brokers.length === 0) throw new Error('KafkaBus: no brokers given');
    const partitions = options.partitions ?? 6;
    const kafka = new Kafka({
      clientId: options.clientId,
      brokers,
      logLevel: KAFKA_LOG_LEVELS[options.logLevel ?? 'warn'],
      logCreator: kafkaLogCreator,
      ...(options.ssl ? { ssl: options.ssl } : {}),
      ...(options.sasl ? { sasl: options.sasl } : {}),
    });
    const admin = kafka.admin();
    // Idempotent: the broker drops a retried batch it already has (producer id + sequence per partition).
    // kafkajs does not re-sequence batches after a failed request, so one request in flight per broker is
    // what keeps that guarantee (and the order); acks=all is kafkajs's default and idempotence needs it.
    // The Java client's murmur2 partitioner (kafkajs 2's default, named to say so): a key lands on the same
    // partition whichever client produced it.
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    try {
      await admin.connect();
      await producer.connect();
    } catch (error) {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
      if (error instanceof Error && error.name === 'KafkaJSSASLAuthenticationError') {
        throw new Error(`kafka: the brokers refused the ${options.sasl?.mechanism ?? 'SASL'} credentials of user "${options.sasl?.username ?? ''}" (${error.message})`, { cause: error });
      }
      throw error;
    }
    const consumer: ConsumerTuning = { ...DEFAULT_CONSUMER, partitionsConsumedConcurrently: partitions, ...options.consumer };
    const onError =
      options.onError ?? ((error: unknown, context: string) => process.emitWarning(`kafka bus, ${context}: ${String(error)}`));
    return new KafkaBus(kafka, admin, producer, { partitions, replicationFactor: options.replicationFactor ?? 1, consumer, onError });
  }

  /**
   * Sends the messages, each topic's in their given order, and resolves once all are acknowledged by every
   * in-sync replica. Not atomic across partitions (that would take Kafka transactions): after a failure some
   * may be on the bus; publishing again is safe, consumers are idempotent on eventId.
   */
  async publish(messages: BusMessage[]): Promise<void> {
    this.assertOpen();
    if (messages.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const m of messages) {
      if (!m.key) throw new Error(`a message on ${m.topic} needs a key (the streamId): it decides the order`);
      const records = byTopic.get(m.topic) ?? [];
      records.push(toRecord(m));
      byTopic.set(m.topic, records);
    }
    await this.ensureTopics([...byTopic.keys()]);
    await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, records]) => ({ topic, messages: records })) });
  }

  async subscribe(groupId: string, topics: string[], handler: MessageHandler, tuning: SubscribeTuning = {}): Promise<KafkaSubscription> {
    this.assertOpen();
    if (!groupId) throw new Error('a subscription needs a group id');
    if (topics.length === 0) throw new Error(`group ${groupId}: subscribe to at least one topic`);
    const subscription: KafkaSubscription = await KafkaSubscription.start({
      ...this.settings.consumer,
      kafka: this.kafka,
      admin: this.admin,
      producer: this.producer,
      groupId,
      topics: [...new Set(topics)],
      handler,
      maxRetries: tuning.maxRetries ?? 3,
      backoffMs: tuning.backoffMs ?? 100,
      fromBeginning: tuning.fromBeginning ?? true,
      ensureTopics: (names) => this.ensureTopics(names),
      onError: this.settings.onError,
      onClosed: () => this.subscriptions.delete(subscription),
    });
    if (this.closing) {
      // The bus closed while this member was joining: it must not outlive the bus.
      await subscription.close();
      throw new Error('the kafka bus is closed');
    }
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Consumer lag of every open subscription's group, per topic and partition: the metric to alert on.
   * TODO(otel): publish it as an observable gauge `messaging.kafka.consumer.lag` (attributes group, topic,
   * partition) once @opentelemetry/api is a platform dependency; the callback can call this method.
   */
  async lag(): Promise<PartitionLag[]> {
    const all = await Promise.all([...this.subscriptions].map((s) => s.lag()));
    const seen = new Set<string>();
    // Two members of one group in this process report the same partitions once.
    return all.flat().filter((l) => {
      const id = `${l.groupId}\u0000${l.topic}\u0000${l.partition}`;
      return seen.has(id) ? false : (seen.add(id), true);
    });
  }

  /**
   * Creates missing topics with the bus's partition count; existing ones are left as they are (Kafka can
   * add partitions but that re-maps keys, which per-stream order cannot survive, so it is never done here).
   */
  async ensureTopics(names: string[]): Promise<void> {
    const missing = [...new Set(names)].filter((t) => !this.topics.has(t));
    if (missing.length > 0) {
      const creation = this.admin
        .createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: this.settings.partitions,
            replicationFactor: this.settings.replicationFactor,
          })),
        })
        .then(() => this.awaitLeaders(missing));
      for (const topic of missing) {
        this.topics.set(topic, creation);
        creation.catch(() => this.topics.delete(topic)); // a failed creation is tried again next time
      }
    }
    await Promise.all(names.map((t) => this.topics.get(t)));
  }

  /**
   * createTopics answers false at once when another process created the topic a moment ago, before its
   * partitions have leaders; subscribing then fails with "does not host this topic-partition" (seen when
   * services start together on a fresh broker). So wait until the metadata shows a leader everywhere.
   */
  private async awaitLeaders(topics: string[], timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt += 1) {
      try {
        const { topics: meta } = await this.admin.fetchTopicMetadata({ topics });
        if (meta.length === topics.length && meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch (error) {
        if (Date.now() > deadline) throw error; // unknown topic while it is being created: retried below
      }
      if (Date.now() > deadline) throw new Error(`kafka topics ${topics.join(', ')} have no leaders after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    }
  }

  /** Closes every subscription (letting the handlers in hand finish), then the producer and admin. Safe twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.subscriptions].map((s) => s.close()));
      await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
    })();
    return this.closing;
  }

  private assertOpen(): void {
    if (this.closing) throw new Error('the kafka bus is closed');
  }
}
