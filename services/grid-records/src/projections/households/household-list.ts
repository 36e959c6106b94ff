import { liveOnly, type DocumentStore, type Filter } from '@grid/platform';
import { HOUSEHOLDS } from './households.projection';
import type { HouseholdView } from './household-view';

export interface HouseholdQuery {
  /** Grids to list; 'all' for a caller whose scope covers every region. */
  gridIds: string[] | 'all';
  status?: HouseholdView['status'];
  /** Opaque cursor from the previous page. */
  cursor?: string;
  limit: number;
}

export interface HouseholdPage {
  items: HouseholdView[];
  /** Households matching the query across all pages. */
  total: number;
  nextCursor: string | null;
}

// The cursor is the last `_id` served, base64url-encoded so clients treat it as opaque.
const encodeCursor = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');
const decodeCursor = (cursor: string): string => Buffer.from(cursor, 'base64url').toString('utf8');

/** Keyset pagination over `households` in id order: stable under concurrent inserts, no offset scans. */
export async function listHouseholds(documents: DocumentStore, q: HouseholdQuery): Promise<HouseholdPage> {
  if (q.gridIds !== 'all' && q.gridIds.length === 0) return { items: [], total: 0, nextCursor: null };
  const filter: Filter = liveOnly({
    ...(q.gridIds === 'all' ? {} : { gridId: { $in: q.gridIds } }),
    ...(q.status ? { status: q.status } : {}),
  });
  const households = documents.collection<HouseholdView & { _id: string }>(HOUSEHOLDS);
  const [page, total] = await Promise.all([
    households.find(filter, { limit: q.limit + 1, ...(q.cursor ? { afterId: decodeCursor(q.cursor) } : {}) }),
    households.count(filter),
  ]);
  const items = page.slice(0, q.limit);
  const last = items.at(-1);
  return { items, total, nextCursor: page.length > q.limit && last ? encodeCursor(last._id) : null };
}
