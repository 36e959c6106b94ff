// A second process for the multi-process e2e test (multi-process.infra.test.ts): it consumes grid-records'
// household topic (and others named in FEED_CATEGORIES) from Kafka in its own group and keeps a MongoDB read
// model (household-feed.ts).
// Built to test/dist/processes/ by `npm run build` (turbo); run: node test/dist/processes/household-feed-consumer.js
//
// env: KAFKA_BROKERS, MONGODB_URL, MONGODB_DATABASE, FEED_NAME (projection name; the group is `projection:<FEED_NAME>`),
//      KAFKA_PARTITIONS (default 6, as the services: partitions of a topic this process happens to create first),
//      FEED_CATEGORIES (default `household`; e.g. `household,assistance`: one topic each, topicForCategory),
//      FEED_SESSION_TIMEOUT_MS (default 6000, the broker's minimum: a killed member's partitions move on that soon),
//      FEED_FROM_BEGINNING (default true; `false`: a new group starts at the topics' current ends, for a fresh
//      group on a long-lived broker whose older messages are of no interest),
//      FEED_HOLD_BEFORE_COMMIT_MS (default 0): a pause after applying each message, before its offset is committed,
//      which widens the window where a crash leaves a message applied but uncommitted (the group then delivers it
//      again and `_seen` must pass over it).
// stdout: `household-feed ready <group>` once joined; `applied <eventId> <partition>@<offset>` after each
// message is applied (before its offset is committed), so a restart's redeliveries can be counted.
import { topicForCategory } from '@grid/contracts';
import { fromBus, runProjection, type ProjectionBus } from '@grid/platform';
import { KafkaBus } from '@grid/platform/kafka';
import { MongoDocumentStore } from '@grid/platform/mongodb';
import { householdFeedProjection } from './household-feed';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const name = required('FEED_NAME');
  const docs = await MongoDocumentStore.connect({
    url: required('MONGODB_URL'),
    database: required('MONGODB_DATABASE'),
    clientOptions: { serverSelectionTimeoutMS: 10_000 },
  });
  const bus = await KafkaBus.connect({
    brokers: required('KAFKA_BROKERS'),
    clientId: name,
    partitions: Number(process.env.KAFKA_PARTITIONS ?? 6),
    logLevel: 'error',
    consumer: { sessionTimeoutMs: Number(process.env.FEED_SESSION_TIMEOUT_MS ?? 6000), heartbeatIntervalMs: 500 },
  });
  const hold = Number(process.env.FEED_HOLD_BEFORE_COMMIT_MS ?? 0);
  const fromBeginning = process.env.FEED_FROM_BEGINNING !== 'false';
  // The bus as the projection runner sees it, with a line per applied message (and the optional pause).
  const tapped: ProjectionBus = {
    subscribe: (group, topics, handler) =>
      bus.subscribe(
        group,
        topics,
        async (message) => {
          await handler(message);
          process.stdout.write(`applied ${message.value.eventId} ${message.partition}@${message.offset}\n`);
          if (hold > 0) await new Promise((resolve) => setTimeout(resolve, hold));
        },
        { fromBeginning },
      ),
  };
  const topics = (process.env.FEED_CATEGORIES || 'household').split(',').map((c) => topicForCategory(c.trim()));
  const projection = householdFeedProjection(name);
  const runner = await runProjection({ projection, docs, source: fromBus(tapped, topics) });
  process.stdout.write(`household-feed ready projection:${projection.name} ${topics.join(',')}\n`);

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await runner.close().catch(() => undefined);
    await bus.close().catch(() => undefined);
    await docs.close().catch(() => undefined);
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  // Orphaned (the test runner died without killing us): leave rather than linger.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void stop(0);
  }, 1000).unref();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
