// The consumer's MongoDB read model for multi-process.infra.test.ts: its feed documents, compared with the
// households' histories; and the database dropped afterwards.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Doc } from '@grid/platform';
import { MongoDocumentStore } from '@grid/platform/mongodb';
import { HOUSEHOLD_FEED, type HouseholdFeed } from '../processes/household-feed';
import { history } from './http-client';
import { ROOT, sleep, type Child } from './processes';

let docs: MongoDocumentStore | undefined;

export async function openFeed(mongoUrl: string, database: string): Promise<void> {
  docs = await MongoDocumentStore.connect({ url: mongoUrl, database, clientOptions: { serverSelectionTimeoutMS: 10_000 } });
}

export const feedOf = (streamId: string) => docs!.collection<HouseholdFeed & Doc>(HOUSEHOLD_FEED).get(streamId);

export async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(100);
    value = await read();
  }
  return value;
}

/** Polls until the feed document of the household holds as many events as its history, then compares them. */
export async function expectFeedEqualsHistory(householdId: string, bearer: string, timeoutMs: number): Promise<number> {
  const events = await history(householdId, bearer);
  const feed = await poll(
    () => feedOf(`household-${householdId}`),
    (f) => (f?.count ?? 0) >= events.length,
    timeoutMs,
  );
  expect(feed).not.toBeNull();
  const ids = feed!.events.map((e) => e.eventId);
  // Exactly once: no event lost, none doubled, in stream order; the count is the stream's last revision + 1.
  expect(new Set(ids).size).toBe(ids.length);
  expect(feed!.events).toEqual(events.map((e) => ({ eventId: e.eventId, type: e.type, revision: e.streamRevision })));
  expect(feed!.count).toBe(events.length);
  expect(feed!.lastRevision + 1).toBe(events.length);
  expect(feed!.count).toBe(events.at(-1)!.streamRevision + 1);
  return events.length;
}

/** The events a consumer printed as applied to MongoDB, in order. */
export const appliedIds = (c: Child) => c.lines.map((l) => /^applied (\S+) /.exec(l)?.[1]).filter((x): x is string => x !== undefined);

/** Closes the feed's connection and drops its database (nothing to do when it was never opened). */
export async function closeAndDropFeed(mongoUrl: string, database: string): Promise<void> {
  if (docs) {
    await docs.close().catch(() => undefined);
    // The platform's own MongoDB driver (the test workspace does not depend on it directly) drops the database.
    const { MongoClient } = createRequire(join(ROOT, 'services', 'platform', 'package.json'))('mongodb') as {
      MongoClient: {
        connect(url: string, o: object): Promise<{ db(n: string): { dropDatabase(): Promise<unknown> }; close(): Promise<void> }>;
      };
    };
    const client = await MongoClient.connect(mongoUrl, { serverSelectionTimeoutMS: 10_000 });
    await client
      .db(database)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
  }
}
