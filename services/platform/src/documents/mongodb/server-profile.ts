import type { Db } from 'mongodb';

/**
 * What the adapter may count on from the server it talks to. MongoDB gives all of it. FerretDB v1
 * (`ferretdbVersion` in buildInfo) gives none: it runs a filtered update as a query and then a write by
 * `_id` (two concurrent replaceOne on `{ _id, _version: 5 }` both match and both write), it refuses
 * `partialFilterExpression`, and its duplicate-key errors name no index. tools/infra/README.md lists
 * the checks behind each of these.
 */
export interface ServerProfile {
  /** A filtered single-document update is one atomic compare-and-set on the server. */
  atomicFilteredUpdate: boolean;
  /** createIndex accepts `partialFilterExpression`. */
  partialIndexes: boolean;
}

export const MONGODB: ServerProfile = { atomicFilteredUpdate: true, partialIndexes: true };
export const FERRETDB_V1: ServerProfile = { atomicFilteredUpdate: false, partialIndexes: false };

/** FerretDB v2 runs on DocumentDB and behaves like MongoDB here; a build that reports no version ("unknown", as embedded builds do) is taken for v1. */
export async function serverProfile(db: Db): Promise<ServerProfile> {
  const info = await db.admin().command({ buildInfo: 1 });
  const ferret = info.ferretdbVersion;
  if (typeof ferret !== 'string') return MONGODB;
  return /^v?([2-9]|\d{2,})\./.test(ferret) ? MONGODB : FERRETDB_V1;
}
