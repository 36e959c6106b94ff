import { topicForStream, type Envelope } from '@grid/contracts';
import type { Bus, BusMessage } from '../bus/bus';
import type { EventStore } from '../store/event-store';
import { cloudEventHeaders } from './cloudevents-headers';
import { messagingSystemOf, tracePublish } from '../telemetry/messaging-telemetry'; // telemetry hooks
import { watchRelayLag } from '../telemetry/metrics'; // telemetry hooks

export interface RelayOptions {
  store: EventStore;
  bus: Bus;
  /** The store checkpoint the relay resumes from (default `relay`); one per relay over the same store. */
  checkpoint?: string;
  /** Only these stream categories (a service relays the ones it owns); default every category. */
  categories?: string[];
}

export interface Relay {
  /** Resolves once everything in the store as of this call is on the bus. */
  caughtUp(): Promise<void>;
  /** The global position of the last event published (and checkpointed). */
  position(): number;
  /** Stops relaying; the store and the bus stay open (the relay does not own them). */
  close(): Promise<void>;
}

/**
 * Publishes the store's events to their topics. The store is the outbox: events are written once, to the
 * store, and the relay tails the global log under its own checkpoint, so no write can reach one and not the
 * other. A failing publish is retried by the subscription (doubling backoff) and never skipped, so every
 * topic gets its streams' events in order. At least once: after a crash, events since the last checkpoint
 * are published again; consumers are idempotent on `eventId`.
 * One event per publish for now: batching several per publish (one fsync / one produce request) is a later
 * optimisation, and needs the store's subscription to hand over batches.
 */
export async function startRelay({ store, bus, checkpoint = 'relay', categories }: RelayOptions): Promise<Relay> {
  const system = messagingSystemOf(bus); // telemetry: messaging.system of the publish spans
  // telemetry: each publish in a span `publish <topic>` (child of the envelope's traceparent), which the `traceparent` header names
  const subscription = await store.subscribeToAll((event) => tracePublish(system, toBusMessage(event), (message) => bus.publish([message])), {
    checkpoint,
    ...(categories ? { categories } : {}),
  });
  const unwatchLag = watchRelayLag(checkpoint, () => store.headPosition(), () => subscription.position()); // telemetry: grid.relay.lag
  return {
    caughtUp: () => subscription.caughtUp(),
    position: () => subscription.position(),
    close: () => {
      unwatchLag(); // telemetry
      return subscription.close();
    },
  };
}

/** An event as it travels on the bus: its category's topic, keyed by stream so each stream keeps its order. */
export function toBusMessage(event: Envelope): BusMessage {
  return { topic: topicForStream(event.streamId), key: event.streamId, value: event, headers: { ...cloudEventHeaders(event) } };
}
