import { ValueType, diag, metrics, type Counter, type Histogram, type MeterProvider, type ObservableResult } from '@opentelemetry/api';
import type { PartitionLag } from '../bus/kafka/kafka-offsets';
import { ATTR, type MessagingSystem } from './attributes';

export const METER_NAME = 'grid-governance';

/** Metric names (README.md in this folder describes each). */
export const METRICS = {
  commands: 'grid.commands',
  appendDuration: 'grid.event_store.append.duration',
  relayLag: 'grid.relay.lag',
  consumerLag: 'grid.bus.consumer.lag',
} as const;

export type CommandOutcome = 'accepted' | 'unchanged' | 'refused' | 'conflict' | 'failed';
export type AppendOutcome = 'ok' | 'conflict' | 'failed';

/** Seconds; from a sub-millisecond in-memory append to a slow fsync or a remote store under load. */
const APPEND_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Instruments {
  provider: MeterProvider;
  commands: Counter;
  appendDuration: Histogram;
}

let current: Instruments | undefined;

/**
 * The API has no proxy for meters (it has one for tracers): instruments made from the no-op provider stay
 * no-ops. So they are (re)made whenever the global provider changed, e.g. the SDK started after this module
 * loaded. Without an SDK that is the no-op provider, whose instruments record nothing and whose gauge
 * callbacks are never called.
 */
export function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  if (current?.provider === provider) return current;
  const meter = provider.getMeter(METER_NAME);
  meter
    .createObservableGauge(METRICS.relayLag, {
      description: 'Events in the store not yet published by the relay (store head − relay position)',
      unit: '{event}',
      valueType: ValueType.INT,
    })
    .addCallback(observeRelayLag);
  meter
    .createObservableGauge(METRICS.consumerLag, {
      description:
        'Messages on a partition not yet committed by a consumer group (Kafka: high watermark − committed offset; embedded: see README)',
      unit: '{message}',
      valueType: ValueType.INT,
    })
    .addCallback(observeConsumerLag);
  current = {
    provider,
    commands: meter.createCounter(METRICS.commands, {
      description: 'Commands handled, by type and outcome',
      unit: '{command}',
      valueType: ValueType.INT,
    }),
    appendDuration: meter.createHistogram(METRICS.appendDuration, {
      description: 'Time an event-store append took (durable when it returns)',
      unit: 's',
      advice: { explicitBucketBoundaries: APPEND_BUCKETS },
    }),
  };
  return current;
}

export function countCommand(type: string, outcome: CommandOutcome): void {
  instruments().commands.add(1, { [ATTR.commandType]: type, [ATTR.commandOutcome]: outcome });
}

export function recordAppend(seconds: number, category: string, outcome: AppendOutcome): void {
  instruments().appendDuration.record(seconds, { [ATTR.streamCategory]: category, [ATTR.appendOutcome]: outcome });
}

// ---- gauges: whatever runs registers how to read its lag, and unregisters on close -------------------

interface RelayLagSource {
  checkpoint: string;
  head: () => Promise<number>;
  position: () => number;
}

export interface ConsumerLagSample {
  system: MessagingSystem;
  groupId: string;
  topic: string;
  partition: number;
  lag: number;
}

type ConsumerLagSource = () => Promise<ConsumerLagSample[]> | ConsumerLagSample[];

const relaySources = new Set<RelayLagSource>();
const consumerSources = new Set<ConsumerLagSource>();

/** A running relay's lag: read only when a metric reader collects. Returns the unregister function. */
export function watchRelayLag(checkpoint: string, head: () => Promise<number>, position: () => number): () => void {
  instruments();
  const source = { checkpoint, head, position };
  relaySources.add(source);
  return () => void relaySources.delete(source);
}

/** A consumer's lag per partition: read only when a metric reader collects. Returns the unregister function. */
export function watchConsumerLag(source: ConsumerLagSource): () => void {
  instruments();
  consumerSources.add(source);
  return () => void consumerSources.delete(source);
}

/** A Kafka subscription's lag (`KafkaSubscription.lag()`: high watermark − committed offset, per partition). */
export function watchKafkaLag(lag: () => Promise<PartitionLag[]>): () => void {
  return watchConsumerLag(async () =>
    (await lag()).map((l) => ({ system: 'kafka', groupId: l.groupId, topic: l.topic, partition: l.partition, lag: l.lag })),
  );
}

/**
 * One embedded-bus lane: its head against the group's committed position. The log's sequence numbers are
 * shared by all topics, so the difference is exact at 0 (caught up) and otherwise an upper bound of the
 * messages waiting in the lane.
 */
export function watchEmbeddedLane(
  log: { head(topic: string, partition: number): number; committed(lane: { groupId: string; topic: string; partition: number }): number },
  lane: { groupId: string; topic: string; partition: number },
): () => void {
  return watchConsumerLag(() => {
    const head = log.head(lane.topic, lane.partition);
    const next = log.committed(lane);
    const lag = head === 0 || next > head ? 0 : head - Math.max(next, 1) + 1;
    return [{ system: 'embedded', ...lane, lag }];
  });
}

async function observeRelayLag(result: ObservableResult): Promise<void> {
  await Promise.all(
    [...relaySources].map(async (s) => {
      try {
        const head = await s.head();
        result.observe(Math.max(0, head - s.position()), { [ATTR.relayCheckpoint]: s.checkpoint });
      } catch (error) {
        diag.debug(`grid telemetry: relay ${s.checkpoint} lag not read`, error);
      }
    }),
  );
}

async function observeConsumerLag(result: ObservableResult): Promise<void> {
  const seen = new Set<string>();
  const batches = await Promise.all(
    [...consumerSources].map(async (source) => {
      try {
        return await source();
      } catch (error) {
        diag.debug('grid telemetry: consumer lag not read', error);
        return [];
      }
    }),
  );
  for (const s of batches.flat()) {
    // Two members of one group in this process (or two lanes' owners over time) report a partition once.
    const id = `${s.system}\u0000${s.groupId}\u0000${s.topic}\u0000${s.partition}`;
    if (seen.has(id)) continue;
    seen.add(id);
    result.observe(s.lag, {
      [ATTR.messagingSystem]: s.system,
      [ATTR.consumerGroup]: s.groupId,
      [ATTR.destinationName]: s.topic,
      [ATTR.partitionId]: String(s.partition),
    });
  }
}
