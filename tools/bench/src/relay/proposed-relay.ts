/**
 * The relay batching proposed for services/platform/src/relay/relay.ts (issue 5), here so the bench can measure
 * it next to the current relay (`--proposal`) before the lead applies it. startProposedRelay and publishAll are
 * the proposed code verbatim; delete this file (and `--proposal`) once relay.ts has it.
 */
import { createRequire } from 'node:module';
import { categoryOf, type Envelope } from '@grid/contracts';
import { toBusMessage, type Bus, type BusMessage, type Relay, type RelayOptions } from '@grid/platform';

type MessagingSystem = 'kafka' | 'embedded';
interface MessagingTelemetry {
  messagingSystemOf(bus: object): MessagingSystem;
  tracePublish(system: MessagingSystem, message: BusMessage, publish: (message: BusMessage) => Promise<void>): Promise<void>;
  watchRelayLag?(checkpoint: string, head: () => Promise<number>, position: () => number): () => void;
}

/**
 * The platform's telemetry hooks (work in progress, not exported by @grid/platform yet), from its build; without
 * them (an older build) messages are published untraced, as before the hooks.
 */
function loadTelemetry(): MessagingTelemetry {
  try {
    const fromPlatform = createRequire(require.resolve('@grid/platform'));
    const messaging = fromPlatform('./telemetry/messaging-telemetry') as MessagingTelemetry;
    const metrics = fromPlatform('./telemetry/metrics') as Pick<MessagingTelemetry, 'watchRelayLag'>;
    return { messagingSystemOf: messaging.messagingSystemOf, tracePublish: messaging.tracePublish, watchRelayLag: metrics.watchRelayLag };
  } catch {
    return { messagingSystemOf: () => 'kafka', tracePublish: (_system, message, publish) => publish(message) };
  }
}
const telemetry = loadTelemetry();
const { messagingSystemOf, tracePublish } = telemetry;
const watchRelayLag = telemetry.watchRelayLag ?? (() => () => undefined);
/** Whether the proposal runs with the telemetry hooks (as the current relay.ts does). */
export const proposalTraced = telemetry.watchRelayLag !== undefined;

export interface ProposedRelayOptions extends RelayOptions {
  /** Most events per publish (default 500, the subscription's page): consecutive events of the log share one produce request. */
  maxBatch?: number;
}

// ---- the proposed relay.ts code, verbatim from here ----

export async function startProposedRelay({
  store,
  bus,
  checkpoint = 'relay',
  categories,
  maxBatch = 500,
}: ProposedRelayOptions): Promise<Relay> {
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
  const unwatchLag = watchRelayLag(
    checkpoint,
    () => store.headPosition(),
    () => subscription.position(),
  ); // telemetry: grid.relay.lag
  return {
    caughtUp: () => subscription.caughtUp(),
    position: () => subscription.position(),
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
