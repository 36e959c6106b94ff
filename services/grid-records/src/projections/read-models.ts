import { topicForCategory } from '@grid/contracts';
import {
  fromBus,
  fromStore,
  rebuildProjection,
  runProjection,
  runProjectionGroup,
  type DocumentStore,
  type EventStore,
  type Projection,
  type ProjectionBus,
  type ProjectionRunner,
  within,
} from '@grid/platform';
import type { ReadModelSync } from '../application/write-result';
import { assistanceCasesProjection } from './assistance/assistance-cases.projection';
import { householdsProjection } from './households/households.projection';
import { officialRelativesProjection } from './official-relatives/official-relatives.projection';
import { personIndexProjection } from './person-index/person-index.projection';
import { regionsProjection } from './regions/regions.projection';
import { visitsProjection } from './visits/visits.projection';

/** Every read model of grid-records. A new projection is added here, and nowhere else. */
export function gridRecordsProjections(documents: DocumentStore): { projection: Projection; needsGlobalOrder: boolean }[] {
  return [
    // A node's path is read from its parent's document: only the store's global order guarantees the parent is there.
    { projection: regionsProjection(documents), needsGlobalOrder: true },
    { projection: householdsProjection, needsGlobalOrder: false },
    { projection: personIndexProjection, needsGlobalOrder: false },
    { projection: assistanceCasesProjection, needsGlobalOrder: false },
    { projection: visitsProjection, needsGlobalOrder: false },
    { projection: officialRelativesProjection, needsGlobalOrder: false },
  ];
}

export interface ReadModelOptions {
  store: EventStore;
  documents: DocumentStore;
  /** Production: per-stream projections consume the household topic from this bus; absent: all run from the store. */
  bus?: ProjectionBus;
  /** How long a write waits for the read models before answering anyway (ms, default 5000). */
  settleTimeoutMs?: number;
}

export interface ReadModels extends ReadModelSync {
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Runs the projections in this process. Embedded mode: all from the store subscription, in global order.
 * Production: regions from the store (global order), households and person_index from the bus in per-stream
 * order, where `_seen` and the person index's recordedAt rule make any interleaving of streams come out the same.
 */
export async function startReadModels(options: ReadModelOptions): Promise<ReadModels> {
  const { store, documents, bus, settleTimeoutMs = 5000 } = options;
  // Households also keep the statuses summary, fed by the assistance topic; 近亲属备案 filings are on person streams.
  const topics = [topicForCategory('household'), topicForCategory('assistance'), topicForCategory('person')];
  const runners: ProjectionRunner[] = [];
  try {
    const all = gridRecordsProjections(documents);
    // Bus-fed (production, per-stream projections): one consumer group each.
    for (const { projection } of all.filter((p) => bus && !p.needsGlobalOrder)) runners.push(await runProjection({ projection, docs: documents, source: fromBus(bus!, topics) }));
    // Store-fed: one subscription and one commit per turn for the batchable ones; a projection that queries its
    // own documents while applying (regions) writes every event, so it runs apart and does not slow the rest.
    const fromTheStore = all.filter((p) => !bus || p.needsGlobalOrder).map((p) => p.projection);
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
    async close() {
      await Promise.all(runners.map((r) => r.close()));
    },
  };
}

/** Drops and replays every read model from the store (stop the live runners first): DESIGN.md rule 2. */
export async function rebuildReadModels(store: EventStore, documents: DocumentStore): Promise<void> {
  for (const { projection } of gridRecordsProjections(documents)) await rebuildProjection({ projection, docs: documents, store });
}
