// In production the per-stream read models consume the bus, which the relay fills from the store: a write's answer
// waits for the relay to publish it, then for the consumers (caught up with what was on the bus before the event
// would only cover older writes). Shown with a bus that takes its time to publish, as a loaded broker does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topicForCategory } from '@grid/contracts';
import { loadConfig, type Config } from '../../src/config/config';
import { openInfrastructure, type Infrastructure } from '../../src/infrastructure/open-infrastructure';
import type { Projection } from '../../src/projections/projection';
import { startProjections } from '../../src/projections/start-projections';
import { startServiceReadSide, type RunningReadSide, type ServiceDefinition } from '../../src/service';
import type { Bus } from '../../src/bus/bus';

const NOTES = 'sample_notes';
const notes: Projection = {
  name: 'sample.notes',
  collections: [NOTES],
  handles: ['sample.note.recorded'],
  apply: (e, ctx) => ctx.update<{ text: unknown }>(NOTES, e.streamId, () => ({ text: e.data.text })),
};

const definition = {
  name: 'sample',
  info: { title: 'sample', version: '0.0.0' },
  categories: ['test'],
  compose: () => ({}),
  http: { module: () => ({ module: class {} }) },
  readSide: {
    start: ({ store, documents, bus, settleTimeoutMs }) =>
      startProjections({ store, documents, projections: [{ projection: notes }], ...(bus ? { bus, topics: [topicForCategory('test')] } : {}), ...(settleTimeoutMs !== undefined ? { settleTimeoutMs } : {}) }),
  },
} satisfies ServiceDefinition;

let dir: string;
let config: Config;
let infra: Infrastructure;
let readSide: RunningReadSide;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'read-your-writes-'));
  config = loadConfig({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'OFF', LOG_LEVEL: 'silent', READ_SIDE: 'inline', READ_YOUR_WRITES_TIMEOUT_MS: '20000' });
  infra = await openInfrastructure(config);
  const slow: Bus = {
    publish: async (messages) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await infra.bus.publish(messages);
    },
    subscribe: (...args) => infra.bus.subscribe(...args),
    close: async () => undefined,
  };
  // The embedded store and documents, with a bus the read models consume as they would Kafka.
  readSide = await startServiceReadSide(definition, config, { ...infra, bus: slow, kinds: { ...infra.kinds, bus: 'kafka' } });
  await readSide.caughtUp();
});
afterAll(async () => {
  await readSide.close();
  await infra.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a write reads back once relayed and reached: the relay published it and the bus-fed read model applied it', async () => {
  for (let i = 1; i <= 3; i++) {
    const stream = `test-note-${i}`;
    const { position } = await infra.store.append(stream, [{ type: 'sample.note.recorded', schemaVersion: 1, data: { text: `走访 ${i}` }, actor: { id: 'gw-1', role: 'grid-worker' } }], { expectedRevision: 'no-stream' });
    // As a service's write settles (startService): relayed, then applied.
    await readSide.relayed(position);
    await readSide.reached(position);
    expect(await infra.documents.collection(NOTES).get(stream)).toMatchObject({ text: `走访 ${i}` });
  }
});
