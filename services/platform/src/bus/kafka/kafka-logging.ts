import type { LogEntry, logCreator } from 'kafkajs';

export type KafkaLogLevel = 'nothing' | 'error' | 'warn' | 'info' | 'debug';

/** kafkajs's numeric levels (its `logLevel` enum), here so that choosing one does not load kafkajs. */
export const KAFKA_LOG_LEVELS: Record<KafkaLogLevel, number> = { nothing: 0, error: 1, warn: 2, info: 4, debug: 5 };

/**
 * Errors kafkajs logs at ERROR from its connection layer although it retries them itself and they are
 * expected in normal operation: the first produce to a new topic (metadata not yet on the broker), the
 * first group join or InitProducerId while the coordinator loads its partition of `__consumer_offsets`,
 * ListOffsets before a new topic's leaders are known everywhere, a heartbeat answered "rebalancing" (the
 * member rejoins, logged as a WARN by the runner), and CreateTopics for a topic that already exists
 * (createTopics then just returns false).
 */
const EXPECTED = [
  /does not host this topic-partition/i,
  /group coordinator is not available/i,
  /coordinator is loading/i,
  /is not the correct coordinator/i,
  /leadership election/i,
  /not the leader for that topic-partition/i,
  /group is rebalancing/i,
  /Topic creation errors/i,
  /Topic with this name already exists/i,
];

/** A kafkajs log creator writing one JSON line per entry to stderr, with expected retried errors as debug. */
export const kafkaLogCreator: logCreator = (level) => (entry: LogEntry) => {
  const { message, error, ...rest } = entry.log as LogEntry['log'] & { error?: unknown };
  const expected = entry.level === KAFKA_LOG_LEVELS.error && EXPECTED.some((re) => re.test(`${message} ${String(error ?? '')}`));
  const effective = expected ? KAFKA_LOG_LEVELS.debug : entry.level;
  if (effective > level) return;
  const label = expected ? 'DEBUG' : entry.label;
  process.stderr.write(
    `${JSON.stringify({ level: label, namespace: entry.namespace, message, ...(error === undefined ? {} : { error: String(error) }), ...rest })}\n`,
  );
};
