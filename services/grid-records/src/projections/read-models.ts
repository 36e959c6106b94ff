import { topicForCategory } from '@grid/contracts';
import {
  rebuildProjections,
  startProjections,
  type DocumentStore,
  type EventStore,
  type ProjectionBus,
  type ProjectionEntry,
  type ReadModels,
} from '@grid/platform';
import { aidHistoryProjection } from './aid-history/aid-history.projection';
import { assistanceCasesProjection } from './assistance/assistance-cases.projection';
import { householdsProjection } from './households/households.projection';
import { officialRelativesProjection } from './official-relatives/official-relatives.projection';
import { personIndexProjection } from './person-index/person-index.projection';
import { regionCasesProjection } from './region-cases/region-cases.projection';
import { regionStatisticsProjection } from './region-statistics/region-statistics.projection';
import { regionsProjection } from './regions/regions.projection';
import { DEFAULT_STANDARDS } from '../domain';
import { visitsProjection } from './visits/visits.projection';

/** Whether `grid_statistics` is kept: it needs a store with atomic writes (SQLite, memory); elsewhere statistics read `region_cases`. */
export const keepsRegionStatistics = (documents: DocumentStore): boolean => typeof documents.writeAtomically === 'function';

/**
 * What each read model adds to a rebuild, µs of CPU an event (each rebuilt alone on the 10,000 district, less the
 * ~12 µs of reading the log; 2026-12-07): a rebuild on worker threads balances its groups by it (rebuildGroups).
 * `grid_statistics` alone measured 89, but its group's thread took ~1.4× the other's at equal weights (its batches
 * of 5,000 events hold the write lock longest): 140, measured in the groups, so it replays alone.
 */
const REBUILD_WEIGHTS: Record<string, number> = {
  'grid-records.regions': 19,
  'grid-records.households': 33,
  'grid-records.person-index': 24,
  'grid-records.assistance-cases': 30,
  'grid-records.visits': 6,
  'grid-records.official-relatives': 2,
  'grid-records.aid-history': 3,
  'grid-records.region-cases': 15,
  'grid-records.grid-statistics': 140,
};

/** Every read model of grid-records, each with its rebuild weight. */
export function gridRecordsProjections(documents: DocumentStore): ProjectionEntry[] {
  return projectionsOf(documents).map((entry) => ({ ...entry, projection: { ...entry.projection, rebuildWeight: REBUILD_WEIGHTS[entry.projection.name] ?? 1 } }));
}

/** A new projection is added here (and its weight above), and nowhere else. */
function projectionsOf(documents: DocumentStore): ProjectionEntry[] {
  return [
    // A node's path is read from its parent's document: only the store's global order guarantees the parent is there.
    { projection: regionsProjection(documents), needsGlobalOrder: true },
    { projection: householdsProjection, needsGlobalOrder: false },
    { projection: personIndexProjection, needsGlobalOrder: false },
    { projection: assistanceCasesProjection, needsGlobalOrder: false },
    { projection: visitsProjection, needsGlobalOrder: false },
    { projection: officialRelativesProjection, needsGlobalOrder: false },
    { projection: aidHistoryProjection, needsGlobalOrder: false },
    // A case takes its household's grid, read from the household's document of this projection: registered comes first.
    { projection: regionCasesProjection, needsGlobalOrder: true },
    // Per grid and month, the statistics table: fed in global order, idempotent by its checkpoint (byPosition).
    ...(keepsRegionStatistics(documents) ? [{ projection: regionStatisticsProjection(DEFAULT_STANDARDS), needsGlobalOrder: true }] : []),
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

export type { ReadModels } from '@grid/platform';

/** Runs grid-records' projections in this process (platform startProjections: store-fed embedded, per-stream ones bus-fed in production). */
export function startReadModels(options: ReadModelOptions): Promise<ReadModels> {
  // Households also keep the statuses summary, fed by the assistance topic; 近亲属备案 filings are on person streams;
  // a household's aid history comes from charity's fund and help-projects' project events.
  const topics = [
    topicForCategory('household'),
    topicForCategory('assistance'),
    topicForCategory('person'),
    topicForCategory('fund'),
    topicForCategory('project'),
  ];
  return startProjections({ ...options, projections: gridRecordsProjections(options.documents), topics });
}

/** Drops and replays every read model from the store in one pass (stop the live runners first): docs/architecture.md rule 2. */
export async function rebuildReadModels(store: EventStore, documents: DocumentStore): Promise<void> {
  await rebuildProjections({ projections: gridRecordsProjections(documents).map((p) => p.projection), docs: documents, store });
}
