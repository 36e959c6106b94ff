import type { ReadModelSync } from '../application/write-result';
import type { DocumentStore } from '../documents/document-store';
import type { EventStore } from '../store/event-store';
import { within } from '../util/within';
import type { Projection } from './projection';
import { fromBus, fromStore, runProjection, runProjectionGroup, type ProjectionBus, type ProjectionRunner } from './projection-runner';

/** A service's projection, and whether it needs the store's global order (it reads other documents while applying). */
export interface ProjectionEntry {
  projection: Projection;
  needsGlobalOrder?: boolean;
}

export interface StartProjectionsOptions {
  store: EventStore;
  documents: DocumentStore;
  projections: ProjectionEntry[];
  /** Production: the per-stream projections consume `topics` from this bus; absent: all run from the store. */
  bus?: ProjectionBus;
  topics?: string[];
  /** How long a write waits for the read models before answering anyway (ms, default 5000). */
  settleTimeoutMs?: number;
}

/** Running read models: a write waits in `reached` for its position (read-your-writes). */
export interface ReadModels extends ReadModelSync {
  caughtUp(): Promise<void>;
  /** Applies now the dead letters operators asked to retry (store-fed runners also look on their own). */
  retryDeadLetters(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs a service's projections. Embedded: all from the store subscription, in global order. Production: those
 * that need global order from the store, the others from the bus in per-stream order (their `_seen` bookkeeping
 * makes any interleaving of streams come out the same).
 */
export async function startProjections(options: StartProjectionsOptions): Promise<ReadModels> {
  const { store, documents, bus, topics = [], settleTimeoutMs = 5000 } = options;
  const runners: ProjectionRunner[] = [];
  try {
    const all = options.projections;
    // Bus-fed (production, per-stream projections): one consumer group each.
    for (const { projection } of all.filter((p) => bus && !p.needsGlobalOrder && !p.projection.byPosition)) runners.push(await runProjection({ projection, docs: documents, source: fromBus(bus!, topics) }));
    // Store-fed: one subscription and one commit per turn for the batchable ones; a projection that queries its
    // own documents while applying writes every event, so it runs apart and does not slow the rest.
    const fromTheStore = all.filter((p) => !bus || p.needsGlobalOrder || p.projection.byPosition).map((p) => p.projection);
    const [querying, batchable] = [fromTheStore.filter((p) => p.queriesDocuments), fromTheStore.filter((p) => !p.queriesDocuments)];
    for (const projection of querying) runners.push(await runProjection({ projection, docs: documents, source: fromStore(store) }));
    if (batchable.length > 0) runners.push(await runProjectionGroup({ projections: batchable, docs: documents, store }));
  } catch (error) {
    await Promise.all(runners.map((r) => r.close().catch(() => undefined)));
    throw error;
  }

  return {
    async reached(position) {
      const deadline = Date.now() + settleTimeoutMs;
      for (const runner of runners) {
        const at = runner.position();
        if (at === undefined) {
          // A bus-fed runner has no store position; its caught-up covers everything published before the call.
          await within(runner.caughtUp(), deadline - Date.now());
          continue;
        }
        // Store-fed runners say when a position is written (they wake on every local append).
        if (at < position) await within(runner.waitFor!(position), deadline - Date.now());
      }
    },
    async caughtUp() {
      await Promise.all(runners.map((r) => r.caughtUp()));
    },
    async retryDeadLetters() {
      await Promise.all(runners.map((r) => r.retryDeadLetters?.()));
    },
    async close() {
      await Promise.all(runners.map((r) => r.close()));
    },
  };
}
