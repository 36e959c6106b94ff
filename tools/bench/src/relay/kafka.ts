import { createRequire } from 'node:module';
import type { Admin, IHeaders, Kafka, KafkaConfig, logCreator, Message, Producer, ProducerConfig } from 'kafkajs';

/**
 * kafkajs exactly as the platform's KafkaBus loads it (resolved from @grid/platform, not from the bench:
 * the bench does not depend on kafkajs itself), so the raw baseline and the bus run the same client code.
 */
export function loadKafkajs(): typeof import('kafkajs') {
  const fromPlatform = createRequire(require.resolve('@grid/platform'));
  return fromPlatform('kafkajs') as typeof import('kafkajs');
}

/** Errors kafkajs logs although it retries them itself (tools/infra/README.md): not worth a line. */
const EXPECTED = [
  /does not host this topic-partition/i,
  /coordinator is not available/i,
  /coordinator is loading/i,
  /not the correct coordinator/i,
  /leadership election/i,
  /already exists/i,
  /Topic creation errors/i,
  /rebalancing/i,
];

/** WARN and above to stderr as one line each, the expected retried errors left out. */
export const quietLogCreator: logCreator = () => (entry) => {
  const { message, error } = entry.log as { message: string; error?: unknown };
  const text = `${message} ${String(error ?? '')}`;
  if (EXPECTED.some((re) => re.test(text))) return;
  process.stderr.write(`[kafkajs ${entry.label} ${entry.namespace}] ${message}${error === undefined ? '' : `: ${String(error)}`}\n`);
};

/**
 * kafkajs 2.2.4 arms a timer with a negative delay when a response carries no throttle time (its RequestQueue;
 * harmless, Node runs it after 1 ms) and Node 24 warns about each one. Drops that warning, prints the others.
 */
export function silenceKafkajsTimerWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') process.stderr.write(`(node) ${warning.name}: ${warning.message}\n`);
  });
}

export function kafkaClient(brokers: string[], clientId: string): Kafka {
  const { Kafka, logLevel } = loadKafkajs();
  const config: KafkaConfig = { clientId, brokers, logLevel: logLevel.WARN, logCreator: quietLogCreator };
  return new Kafka(config);
}

/**
 * The producer settings of KafkaBus (services/platform/src/bus/kafka/kafka-bus.ts), repeated here because the
 * bus does not expose its producer: idempotent, one request in flight, no auto-creation, the Java-compatible
 * murmur2 partitioner; every send with acks=all (-1). Keep in sync with the bus (the bench prints them).
 */
export function busProducerConfig(): ProducerConfig {
  const { Partitioners } = loadKafkajs();
  return { idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner };
}
export const BUS_PRODUCER_SETTINGS = 'idempotent, maxInFlightRequests=1, acks=all (-1), murmur2 partitioner, no compression';

export const parseBrokers = (text: string): string[] =>
  text
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);

/**
 * Creates the topic with the bus's partition count (as KafkaBus.ensureTopics would), before anyone produces
 * to it: broker auto-creation would pick `num.partitions` (3) instead. Refuses a topic that already exists
 * with another count, since every figure would then be about a different layout.
 */
export async function ensureTopic(admin: Admin, topic: string, partitions: number): Promise<void> {
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  const found = topics[0]?.partitions.length ?? 0;
  if (found !== partitions) {
    throw new Error(
      `topic ${topic} exists with ${found} partitions, not ${partitions}: use --partitions ${found}, or a fresh Kafka (tools/infra/down.sh kafka)`,
    );
  }
}

/** Sum of the topic's high watermarks: how many records it holds (nothing is ever deleted here). */
export async function topicEnd(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
}

/** Commits a fresh consumer group at the topic's current end, so it reads only what is produced from now on. */
export async function pinGroupAtEnd(admin: Admin, groupId: string, topic: string): Promise<void> {
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.setOffsets({ groupId, topic, partitions: offsets.map((p) => ({ partition: p.partition, offset: p.high })) });
}

/** A prepared record (what the bus's `toRecord` makes of a BusMessage): key, JSON value, string headers. */
export type RawRecord = Message & { key: string; value: string; headers: IHeaders };

export const recordBytes = (r: RawRecord): number =>
  Buffer.byteLength(r.key) +
  Buffer.byteLength(r.value) +
  Object.entries(r.headers).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(String(v)), 0);

/**
 * The raw baseline: the records sent in order, `perSend` at a time, each send awaited before the next (one
 * request in flight, like the bus). perSend = 1 is what the relay does today: one publish per event.
 */
export async function sendAll(producer: Producer, topic: string, records: RawRecord[], perSend: number): Promise<void> {
  for (let i = 0; i < records.length; i += perSend) {
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: records.slice(i, i + perSend) }] });
  }
}
