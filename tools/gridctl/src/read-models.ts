import { gridRecordsProjections, rebuildReadModels } from '@grid/grid-records';
import { MemoryDocumentStore, canonicalValue, type Doc, type DocumentStore, type EventStore } from '@grid/platform';

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

/** Drops and rebuilds grid-records' read models from the store (stop the server first: the rebuild must be the only writer). */
export async function rebuild(store: EventStore, documents: DocumentStore): Promise<{ head: number; collections: { name: string; documents: number }[] }> {
  const head = await store.headPosition();
  await rebuildReadModels(store, documents);
  const collections = [];
  for (const { projection } of gridRecordsProjections(documents))
    for (const name of projection.collections) collections.push({ name, documents: await documents.collection(name).count() });
  return { head, collections };
}

/**
 * Rebuilds every grid-records read model from the store into a scratch store in memory and compares it with the
 * live one, document by document. Run it on a quiet store: events appended meanwhile differ by design.
 */
export async function replayCompare(store: EventStore, live: DocumentStore): Promise<CompareReport> {
  const head = await store.headPosition();
  const scratch = new MemoryDocumentStore();
  await rebuildReadModels(store, scratch);
  const report: CompareReport = { ok: true, head, collections: [], differences: [] };
  for (const { projection } of gridRecordsProjections(live)) {
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
