/**
 * Attribute names on our spans and metrics. The messaging ones are OpenTelemetry's semantic conventions
 * (still "incubating" there, so spelled out here rather than imported from the unstable entry point);
 * the `grid.*` ones are ours.
 */
export const ATTR = {
  messagingSystem: 'messaging.system',
  destinationName: 'messaging.destination.name',
  partitionId: 'messaging.destination.partition.id',
  consumerGroup: 'messaging.consumer.group.name',
  messageId: 'messaging.message.id',
  /** Current convention: `send` | `process`. */
  operationType: 'messaging.operation.type',
  /** The system's own name of the operation: `publish` | `process`. */
  operationName: 'messaging.operation.name',
  /** The older single attribute (`publish` | `process`) that many dashboards still query. */
  operation: 'messaging.operation',
  kafkaKey: 'messaging.kafka.message.key',
  kafkaOffset: 'messaging.kafka.offset',
  errorType: 'error.type',

  commandType: 'grid.command.type',
  commandOutcome: 'grid.command.outcome',
  actorRole: 'grid.actor.role',
  streamId: 'grid.stream.id',
  streamCategory: 'grid.stream.category',
  eventCount: 'grid.event.count',
  eventType: 'grid.event.type',
  eventId: 'grid.event.id',
  globalPosition: 'grid.event.global_position',
  appendOutcome: 'grid.append.outcome',
  projection: 'grid.projection.name',
  relayCheckpoint: 'grid.relay.checkpoint',
  /** 1 on first delivery; > 1 for a retry within the consumer. */
  deliveryAttempt: 'grid.delivery.attempt',
  /** Embedded bus: the message's sequence number in the log. */
  embeddedSeq: 'grid.bus.embedded.seq',
} as const;

export type MessagingSystem = 'kafka' | 'embedded';

/** The category of a stream id (`household-…` → `household`), never throwing: telemetry must not fail a command. */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : 'unknown';
}
