import { topicForCategory } from '@grid/contracts';
import {
  fromBus,
  fromStore,
  rebuildProjection,
  runProjection,
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
    for (const { projection, needsGlobalOrder } of gridRecordsProjections(documents)) {
      const source = bus && !needsGlobalOrder ? fromBus(bus, topics) : fromStore(store);
      runners.push(await runProjection({ projection, docs: documents, source }));
    }
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
