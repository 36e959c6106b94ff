import { CATEGORY_OWNERS, categoryOf, type Envelope } from '@grid/contracts';

/**
 * CloudEvents attributes of an event as Kafka headers (CloudEvents Kafka protocol binding: `ce_` prefix),
 * so outside subscribers and tooling can route and trace without parsing the value. The value itself stays
 * the whole envelope, not just `data`: it carries the hash chain an auditor verifies.
 */
export interface CloudEventHeaders {
  ce_specversion: '1.0';
  ce_id: string;
  ce_type: string;
  ce_source: string;
  ce_time: string;
  traceparent?: string;
}

export function cloudEventHeaders(event: Envelope): CloudEventHeaders {
  return {
    ce_specversion: '1.0',
    ce_id: event.eventId,
    ce_type: event.type,
    ce_source: cloudEventSource(event.streamId),
    // When the system learned it: the event's own time in the log (occurredAt is business time, in the value).
    ce_time: event.recordedAt,
    ...(event.traceparent ? { traceparent: event.traceparent } : {}),
  };
}

/** `/grid-governance/<owning service>`: the service that alone writes the stream's category. */
export function cloudEventSource(streamId: string): string {
  const owner = (CATEGORY_OWNERS as Record<string, string>)[categoryOf(streamId)];
  if (!owner) throw new Error(`stream ${streamId}: unknown category, no owning service to name as source`);
  return `/grid-governance/${owner}`;
}
