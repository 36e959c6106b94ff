import { categoryOf, topicForStream, type Envelope } from '@grid/contracts';
import type { Bus, BusMessage } from '../bus/bus';
import type { EventStore } from '../store/event-store';
import { writtenEvents } from '../upcasting/upcasting-store';
import { cloudEventHeaders } from './cloudevents-headers';
import type { MessagingSystem } from '../telemetry/attributes';
import { messagingSystemOf, tracePublish } from '../telemetry/messaging-telemetry'; // telemetry hooks
import { watchRelayLag } from '../telemetry/metrics'; // telemetry hooks

export interface RelayOptions {
  store: EventStore;
  bus: Bus;
  /** The store checkpoint the relay resumes from (default `relay`); one per relay over the same store. */
  checkpoint?: string;
  /** Only these stream categories (a service relays the ones it owns); default every category. */
  categories?: string[];
  /** Most events per publish (default 500, the subscription's page): consecutive events of the log share one produce request. */
  maxBatch?: number;
}

export interface Relay {
  /** Resolves once everything in the store as of this call is on the bus. */
  caughtUp(): Promise<void>;
  /** The global position of the last event published (and checkpointed). */
  position(): number;
  /** Resolves once the event at this position is on the bus (or is not this relay's to publish). */
  reached(position: number): Promise<void>;
  /** Stops relaying; the store and the bus stay open (the relay does not own them). */
  close(): Promise<void>;
}

/**
 * Publishes the store's events to their topics. The store is the outbox: events are written once, to the
 * store, and the relay tails the global log under its own checkpoint, so no write can reach one and not the
 * other. A failing publish is retried by the subscription (doubling backoff) and never skipped, so every
 * topic gets its streams' events in order. At least once: after a crash, events since the last checkpoint
 * are published again; consumers are idempotent on `eventId`.
 * Batched: the subscription hands over one event at a time, so the relay publishes it together with the events
 * that follow it in the log (read ahead: at most maxBatch in all, same category filter), in log order, in one
 * bus.publish (one produce request), and skips the ones a batch covered when the subscription reaches them.
 * The subscription saves its checkpoint only after the handler returned, i.e. after the whole batch was
 * acknowledged: still at least once, and each stream's order holds (log order within a publish, key =
 * streamId, one request in flight). Behind, batches are full; live, a batch is what arrived since the last.
 * TODO: a store subscription that hands over its page of events would spare the second read of each event.
 */
export async function startRelay({ store: readers, bus, checkpoint = 'relay', categories, maxBatch = 500 }: RelayOptions): Promise<Relay> {
  const store = writtenEvents(readers); // the topics carry what was written and hashed, never an upcast copy
  if (!Number.isInteger(maxBatch) || maxBatch < 1)
    throw new Error(`relay ${checkpoint}: maxBatch must be a positive integer, not ${maxBatch}`);
  const system = messagingSystemOf(bus); // telemetry: messaging.system of the publish spans
  const wanted = categories ? new Set(categories) : null;
  /** Every event up to this global position is on the bus, or is not this relay's to publish. */
  let publishedThrough = 0;
  const publishFrom = async (event: Envelope): Promise<void> => {
    if (event.globalPosition <= publishedThrough) return; // it went out with an earlier batch
    const batch = [event];
    let through = event.globalPosition;
    if (maxBatch > 1) {
      let read = 0;
      for await (const next of store.readAll({ fromPosition: event.globalPosition, batchSize: maxBatch - 1 })) {
        through = next.globalPosition;
        if (!wanted || wanted.has(categoryOf(next.streamId))) batch.push(next);
        if (++read >= maxBatch - 1) break;
      }
    }
    await publishAll(system, bus, batch.map(toBusMessage));
    publishedThrough = through;
  };
  const subscription = await store.subscribeToAll(publishFrom, {
    checkpoint,
    ...(categories ? { categories } : {}),
  });
  const unwatchLag = watchRelayLag(checkpoint, () => store.headPosition(), () => subscription.position()); // telemetry: grid.relay.lag
  return {
    caughtUp: () => subscription.caughtUp(),
    position: () => subscription.position(),
    reached: (position) => subscription.reached(position),
    close: () => {
      unwatchLag(); // telemetry
      return subscription.close();
    },
  };
}

/**
 * One bus.publish of all the messages, each inside its own `publish <topic>` span exactly as tracePublish makes
 * it (a child of its envelope's traceparent, named by the message's `traceparent` header). The spans nest in time
 * only; they all end when the publish settles. One microtask per message keeps the call stack flat.
 */
function publishAll(system: MessagingSystem, bus: Bus, messages: BusMessage[]): Promise<void> {
  const traced: BusMessage[] = [];
  const next = (i: number): Promise<void> =>
    i === messages.length
      ? bus.publish(traced)
      : tracePublish(system, messages[i]!, async (message) => {
          traced.push(message);
          await undefined;
          return next(i + 1);
        });
  return next(0);
}

/** An event as it travels on the bus: its category's topic, keyed by stream so each stream keeps its order. */
export function toBusMessage(event: Envelope): BusMessage {
  return { topic: topicForStream(event.streamId), key: event.streamId, value: event, headers: { ...cloudEventHeaders(event) } };
}
