import { SpanKind, context, type Attributes } from '@opentelemetry/api';
import type { Envelope } from '@grid/contracts';
import type { BusMessage, DeliveredMessage, MessageHandler } from '../bus/bus';
import { ATTR, type MessagingSystem } from './attributes';
import { contextFromTraceparent, extractFromHeaders, injectHeaders, withSpan } from './tracing';

/**
 * Which bus a Bus object is, for `messaging.system`. A bus may say so itself (`messagingSystem`); otherwise
 * the Kafka adapter is told by its class name (kept by the swc build: keepClassNames), so the relay needs
 * no import of kafkajs to tell.
 */
export function messagingSystemOf(bus: object): MessagingSystem {
  const declared = (bus as { messagingSystem?: unknown }).messagingSystem;
  if (declared === 'kafka' || declared === 'embedded') return declared;
  return bus.constructor?.name === 'KafkaBus' ? 'kafka' : 'embedded';
}

function messageAttributes(system: MessagingSystem, topic: string, key: string, event: Envelope | undefined): Attributes {
  return {
    [ATTR.messagingSystem]: system,
    [ATTR.destinationName]: topic,
    ...(system === 'kafka' ? { [ATTR.kafkaKey]: key } : {}),
    ...(event?.eventId ? { [ATTR.messageId]: event.eventId } : {}),
    ...(event?.type ? { [ATTR.eventType]: event.type } : {}),
    ...(event?.streamId ? { [ATTR.streamId]: event.streamId } : {}),
    ...(typeof event?.globalPosition === 'number' ? { [ATTR.globalPosition]: event.globalPosition } : {}),
  };
}

/**
 * Publishes one message inside a PRODUCER span `publish <topic>` whose parent is the envelope's
 * traceparent (the command that appended it), and sets the message's `traceparent` header to that span,
 * so consumers continue the trace from the publish. The envelope itself is never changed (it is hashed).
 * Telemetry off: the header carries the envelope's traceparent, as the CloudEvents headers did before.
 */
export function tracePublish(system: MessagingSystem, message: BusMessage, publish: (message: BusMessage) => Promise<void>): Promise<void> {
  const attributes = {
    ...messageAttributes(system, message.topic, message.key, message.value),
    [ATTR.operation]: 'publish',
    [ATTR.operationName]: 'publish',
    [ATTR.operationType]: 'send',
  };
  return withSpan(`publish ${message.topic}`, attributes, () => publish({ ...message, headers: injectHeaders({ ...message.headers }) }), {
    kind: SpanKind.PRODUCER,
    parent: contextFromTraceparent(message.value.traceparent),
  });
}

/**
 * Wraps a bus handler: each delivery attempt runs inside a CONSUMER span `process <topic>` whose parent is
 * the message's `traceparent` header (the relay's publish span), so whatever the handler does (projection,
 * reaction, its commands) joins the trace that produced the event.
 */
export function tracedHandler(system: MessagingSystem, groupId: string, handler: MessageHandler): MessageHandler {
  return (message: DeliveredMessage) => {
    const attributes = {
      ...messageAttributes(system, message.topic, message.key, message.value),
      [ATTR.operation]: 'process',
      [ATTR.operationName]: 'process',
      [ATTR.operationType]: 'process',
      [ATTR.consumerGroup]: groupId,
      [ATTR.partitionId]: String(message.partition),
      [ATTR.deliveryAttempt]: message.attempt,
      ...(system === 'kafka' ? { [ATTR.kafkaOffset]: Number(message.offset) } : { [ATTR.embeddedSeq]: Number(message.offset) }),
    };
    return withSpan(`process ${message.topic}`, attributes, () => handler(message), {
      kind: SpanKind.CONSUMER,
      parent: extractFromHeaders(message.headers),
    });
  };
}

/**
 * A projection applying one event, in a span `project <name>`. From the bus it is a child of the active
 * `process` span; fed from the store (`parent: 'envelope'`) there is no message span, so its parent is
 * the envelope's traceparent, never whatever context the store subscription happens to run in.
 */
export function traceProjection<T>(
  projection: string,
  event: Envelope,
  apply: () => Promise<T>,
  parent: 'active' | 'envelope' = 'active',
): Promise<T> {
  const attributes = {
    [ATTR.projection]: projection,
    [ATTR.eventType]: event.type,
    [ATTR.eventId]: event.eventId,
    [ATTR.streamId]: event.streamId,
    [ATTR.globalPosition]: event.globalPosition,
  };
  return withSpan(`project ${projection}`, attributes, apply, {
    parent: parent === 'envelope' ? contextFromTraceparent(event.traceparent) : context.active(),
  });
}
