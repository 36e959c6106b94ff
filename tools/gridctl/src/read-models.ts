import { gridRecords } from '@grid/grid-records';
import { MemoryDocumentStore, canonicalValue, rebuildProjections, type Config, type Doc, type DocumentStore, type EventStore, type Infrastructure, type ProjectionEntry, type RebuiltGroup } from '@grid/platform';
import { rebuildReadSide, type ServiceDefinition } from '@grid/platform/service';

/** One document that the rebuild and the live read model disagree on. */
export interface DocumentDifference {
  collection: string;
  id: string;
  kind: 'only-live' | 'only-rebuilt' | 'differs';
  /** Top-level fields whose values differ (kind `differs`). */
  fields?: string[];
}

export interface CompareReport {
  ok: boolean;
  head: number;
  collections: { name: string; live: number; rebuilt: number; differences: number }[];
  /** The first differences found (at most 100), collection by collection, in id order. */
  differences: DocumentDifference[];
}

const PAGE = 1000;

/** Every document of a collection, in id order, without the store's write counter (`_version` counts writes, not facts). */
async function documentsOf(documents: DocumentStore, name: string): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (let afterId: string | undefined; ; ) {
    const page: Doc[] = await documents.collection(name).find({}, { limit: PAGE, ...(afterId ? { afterId } : {}) });
    for (const { _version: _v, ...doc } of page) out.set(doc._id, doc);
    if (page.length < PAGE) return out;
    afterId = page.at(-1)!._id;
  }
}

const projectionsOf = (service: ServiceDefinition, documents: DocumentStore): ProjectionEntry[] => service.readSide?.projections?.(documents) ?? [];

/** Replays a service's read models into a scratch `documents`, in this thread, in one pass of the log. */
async function rebuildService(service: ServiceDefinition, store: EventStore, documents: DocumentStore): Promise<void> {
  await rebuildProjections({ projections: projectionsOf(service, documents).map((entry) => entry.projection), docs: documents, store });
}

/**
 * Drops and rebuilds the services' read models from the store (stop the server first: the rebuild must be the only
 * writer), each service's in groups on up to `threads` worker threads where its store allows (rebuildReadSide):
 * `groups` names them, with each thread's CPU time.
 */
export async function rebuild(
  infra: Pick<Infrastructure, 'store' | 'documents' | 'kinds'>,
  config: Config,
  services: readonly ServiceDefinition[] = [gridRecords],
  threads?: number,
): Promise<{ head: number; collections: { service: string; name: string; documents: number }[]; groups: ({ service: string } & RebuiltGroup)[] }> {
  const { store, documents } = infra;
  const head = await store.headPosition();
  const collections = [];
  const groups: ({ service: string } & RebuiltGroup)[] = [];
  for (const service of services) {
    await rebuildReadSide(service, infra, config, threads, (group) => groups.push({ service: service.name, ...group }));
    for (const { projection } of projectionsOf(service, documents))
      for (const name of projection.collections) collections.push({ service: service.name, name, documents: await documents.collection(name).count() });
  }
  return { head, collections, groups };
}

/**
 * Rebuilds the services' read models from the store into a scratch store in memory and compares them with the live
 * ones, document by document. Run it on a quiet store: events appended meanwhile differ by design.
 */
export async function replayCompare(store: EventStore, live: DocumentStore, services: readonly ServiceDefinition[] = [gridRecords]): Promise<CompareReport> {
  const head = await store.headPosition();
  const scratch = new MemoryDocumentStore();
  for (const service of services) await rebuildService(service, store, scratch);
  const report: CompareReport = { ok: true, head, collections: [], differences: [] };
  for (const { projection } of services.flatMap((service) => projectionsOf(service, live))) {
    for (const name of projection.collections) {
      const [a, b] = [await documentsOf(live, name), await documentsOf(scratch, name)];
      const found: DocumentDifference[] = [];
      for (const id of [...new Set([...a.keys(), ...b.keys()])].sort()) {
        const [l, r] = [a.get(id), b.get(id)];
        if (!r) found.push({ collection: name, id, kind: 'only-live' });
        else if (!l) found.push({ collection: name, id, kind: 'only-rebuilt' });
        else if (canonicalValue(l) !== canonicalValue(r)) {
          const fields = [...new Set([...Object.keys(l), ...Object.keys(r)])].filter((k) => canonicalValue(l[k] ?? null) !== canonicalValue(r[k] ?? null));
          found.push({ collection: name, id, kind: 'differs', fields });
        }
      }
      report.collections.push({ name, live: a.size, rebuilt: b.size, differences: found.length });
      report.differences.push(...found.slice(0, Math.max(0, 100 - report.differences.length)));
      if (found.length > 0) report.ok = false;
    }
  }
  await scratch.close();
  return report;
}
