import type { Document, Sort } from 'mongodb';
import type { CheckedFindOptions, Condition } from '../filter';

/**
 * The filter language (document-store.ts) was written to MongoDB's semantics, so a parsed condition maps
 * to one query operator as it stands: `null` matching null or missing, `$ne` matching missing, `$exists`
 * counting null as present and comparisons bracketed by type are what the server does anyway. Field
 * paths were validated as dotted identifiers by parseFilter, so none can smuggle in an operator.
 */
export function conditionToMongo(c: Condition): Document {
  switch (c.op) {
    case 'eq':
      // `{ f: v }` rather than `{ f: { $eq: v } }`: the same match, and the shape index filters expect.
      return { [c.field]: c.value };
    case 'ne':
      return { [c.field]: { $ne: c.value } };
    case 'in':
      return { [c.field]: { $in: c.values } };
    case 'exists':
      return { [c.field]: { $exists: c.value } };
    default:
      return { [c.field]: { [`$${c.op}`]: c.value } };
  }
}

/** The query for a find or count: every condition ANDed, plus the keyset bound when paging. */
export function queryToMongo(conditions: Condition[], options?: CheckedFindOptions): Document {
  const parts = conditions.map(conditionToMongo);
  // afterId pages in _id order only (checkFindOptions), in the direction of the sort.
  if (options?.afterId !== undefined) parts.push({ _id: { [options.sort.direction === 1 ? '$gt' : '$lt']: options.afterId } });
  // A filter on `_id` and the keyset bound share a key, so they cannot be merged into one object; $and
  // is used only then, keeping the common query a plain object that any server plans the same way.
  const fields = parts.flatMap((p) => Object.keys(p));
  if (new Set(fields).size !== fields.length) return { $and: parts };
  return Object.assign({}, ...parts) as Document;
}

/** `_id` breaks ties in the sort's own direction, so descending is exactly ascending reversed. */
export function sortToMongo(options: CheckedFindOptions): Sort {
  const { field, direction } = options.sort;
  return field === '_id' ? { _id: direction } : { [field]: direction, _id: direction };
}

/**
 * A unique index leaves out documents whose key fields are missing or null, so such documents never
 * collide, as with the SQLite and memory adapters (a projection's tombstones keep only `_id` and `_seen`,
 * and must not clash with one another). `$type` is one of the few expressions a partial index accepts;
 * `$exists: true` would still index explicit nulls. Arrays are left out too: in an index they become
 * one key per element (uniqueness per element, no compound index over two arrays).
 */
export function uniquePartialFilter(fields: string[]): Document {
  return Object.fromEntries(fields.map((f) => [f, { $type: ['string', 'number', 'bool', 'object'] }]));
}
