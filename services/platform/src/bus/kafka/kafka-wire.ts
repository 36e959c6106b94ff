import type { Envelope } from '@grid/contracts';
import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { cloudEventHeaders } from '../../relay/cloudevents-headers';
import type { BusMessage, DeliveredMessage } from '../bus';

/**
 * A bus message as a Kafka record: key = streamId (Kafka's default murmur2 partitioner sends a key to one
 * partition, which is what per-stream order rests on), value = the whole envelope as JSON (it carries the
 * hash chain), headers = CloudEvents Kafka binding (`ce_*`, `traceparent`) plus the caller's own.
 * The caller's headers win over the ones derived from the envelope: the relay already sends exactly these,
 * and a caller that sets one on purpose (a re-publish keeping its original `ce_id`) must not be overruled.
 */
export function toRecord(message: BusMessage): Message {
  return {
    key: message.key,
    value: JSON.stringify(message.value),
    headers: { ...cloudEventHeaders(message.value), ...message.headers },
  };
}

/** Header values arrive as Buffers (or arrays of them when a key repeats); the port speaks strings. */
export function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    if (raw === undefined) continue;
    // Kafka allows a header key to repeat; the last one wins, as with an HTTP header set twice.
    const last = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (last !== undefined) out[name] = last.toString();
  }
  return out;
}

/** Decodes a record; throws on a value that is not JSON (a foreign producer), which then dead-letters. */
export function fromRecord(topic: string, partition: number, record: KafkaMessage, attempt: number): DeliveredMessage {
  if (!record.value) throw new Error(`${topic}/${partition}@${record.offset}: empty value (a tombstone?), not an envelope`);
  return {
    topic,
    partition,
    offset: record.offset,
    key: record.key?.toString() ?? '',
    value: JSON.parse(record.value.toString('utf8')) as Envelope,
    headers: headersOf(record.headers),
    attempt,
  };
}

const MAX_ERROR_TEXT = 1000;

/** The `dlq-error` text: bounded, because Kafka caps a record's size and an error can carry a whole payload. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : stringify(error);
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

/** Nest's RPC layer rethrows plain objects (`{ status, message }`); String() would say `[object Object]`. */
function stringify(value: unknown): string {
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value); // circular
  }
}
