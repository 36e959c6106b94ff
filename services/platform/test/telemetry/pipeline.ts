// The whole way of one command for the telemetry tests: HTTP (the platform test app) → command handler →
// memory event store → relay → embedded bus → a bus-fed projection, plus a store-fed one beside it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topicForStream, type Envelope } from '@grid/contracts';
import type { DeliveredMessage } from '../../src/bus/bus';
import { EmbeddedBus } from '../../src/bus/embedded/embedded-bus';
import type { Projection } from '../../src/projections/projection';
import { fromBus, fromStore, runProjection, type ProjectionRunner } from '../../src/projections/projection-runner';
import { startRelay, type Relay } from '../../src/relay/relay';
import { makeIdNumber, startTestApp, type TestApp } from '../http/test-app';

export const REGISTERED = 'grid-records.household.registered';
export const HOUSEHOLD_TOPIC = topicForStream('household-x');

/** A read model of registered households: enough to show the projection ran. */
export const householdsProjection = (name: string): Projection => ({
  name,
  collections: [name],
  handles: [REGISTERED],
  async apply(event, ctx) {
    await ctx.update(name, event.streamId, () => ({ regionId: event.data.regionId as string }));
  },
});

export interface Pipeline {
  app: TestApp;
  bus: EmbeddedBus;
  relay: Relay;
  fromBus: ProjectionRunner;
  fromStore: ProjectionRunner;
  /** What a plain bus consumer (another group) received. */
  delivered: DeliveredMessage[];
  register(householdId: string, headers?: Record<string, string>): Promise<{ status: number; events: Envelope[] }>;
  /** Resolves when the relay published everything and both projections and the consumer applied it. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function startPipeline(): Promise<Pipeline> {
  const dir = await mkdtemp(join(tmpdir(), 'grid-telemetry-'));
  const app = await startTestApp();
  const bus = await EmbeddedBus.open({ path: join(dir, 'bus.db'), pollMs: 10, synchronous: 'NORMAL' });
  const relay = await startRelay({ store: app.store, bus });
  const busRunner = await runProjection({
    projection: householdsProjection('households_bus'),
    docs: app.documents,
    source: fromBus(bus, [HOUSEHOLD_TOPIC]),
  });
  const storeRunner = await runProjection({
    projection: householdsProjection('households_store'),
    docs: app.documents,
    source: fromStore(app.store),
  });
  const delivered: DeliveredMessage[] = [];
  const consumer = await bus.subscribe('telemetry-probe', [HOUSEHOLD_TOPIC], async (m) => void delivered.push(m));
  const worker = await app.token('grid-worker', ['c1']);

  return {
    app,
    bus,
    relay,
    fromBus: busRunner,
    fromStore: storeRunner,
    delivered,
    async register(householdId, headers = {}) {
      const response = await app.fastify.inject({
        method: 'POST',
        url: '/households',
        headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/json', ...headers },
        payload: JSON.stringify({ householdId, regionId: 'g1', headName: '王五', idNumber: makeIdNumber(), on: '2026-03-01' }),
      });
      return { status: response.statusCode, events: await app.store.readStream(`household-${householdId}`) };
    },
    async settled() {
      await relay.caughtUp();
      await Promise.all([busRunner.caughtUp(), storeRunner.caughtUp(), consumer.caughtUp(5000)]);
    },
    async close() {
      await consumer.close();
      await busRunner.close();
      await storeRunner.close();
      await relay.close();
      await bus.close();
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
