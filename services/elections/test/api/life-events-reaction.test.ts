// The life-events reaction's writes wait for the read models only. Through the composed `services.elections`, whose
// writes wait on the reactions they cause, a write would wait on the reaction's own subscription while that
// subscription waits on the write: stalled until the settle timeout, on every death or move-out.
import { randomUUID } from 'node:crypto';
import type { ServiceHarness } from '@grid/platform/service';
import { ElectionCommands } from '../../src/application/election-commands';
import type { ElectionsServices } from '../../src/composition';
import { lifeEventsReaction } from '../../src/reactions/life-events';
import { appendGrid, appendHousehold, startElections } from './grid-records-events';
import { appendRegions, electionCall } from './regions';

let h: ServiceHarness<ElectionsServices>;

beforeAll(async () => {
  h = await startElections();
  await appendRegions(h.infra.store);
  await appendGrid(h.infra.store, 'g1', 'c1');
  await appendHousehold(h.infra.store, 'h1', 'g1', [['elder', '1950-01-01'], ['son', '1980-01-01']]);
  await h.service.caughtUp();
});
afterAll(() => h.close());

test('a death reaches the roll through writes that never wait on the reactions (the reaction’s own subscription among them)', async () => {
  const token = await h.token('election-committee', ['c1']);
  const id = ((await h.post('/v1/elections', electionCall('c1'), token)).json() as { id: string }).id;
  await h.post(`/v1/elections/${id}/audit`, { on: '2026-04-10', auditor: '街道经管站', reportRef: 'SJ-1' }, token);
  expect((await h.post(`/v1/elections/${id}/roll/publish`, { on: '2026-05-20' }, token)).statusCode).toBe(200);

  const waitsOnReactions = new ElectionCommands(h.infra.store, { reached: () => Promise.reject(new Error('the reaction’s write waited on the reactions')) });
  const react = lifeEventsReaction.start({
    store: h.infra.store,
    documents: h.infra.documents,
    readModels: { reached: async () => undefined },
    services: { ...h.service.services, elections: waitsOnReactions },
  });
  const [registered] = await h.infra.store.readStream('household-h1');
  const data = { householdId: 'h1', personId: 'elder', idHash: 'e'.repeat(64), diedOn: '2026-05-21', evidence: 'death-certificate', by: registered!.actor };
  await react({ ...registered!, eventId: randomUUID(), type: 'grid-records.resident.died', data });
  await h.service.caughtUp();

  const roll = (await h.get(`/v1/elections/${id}/roll`, token)).json() as { entries: { voterId: string }[] };
  expect(roll.entries.map((e) => e.voterId)).toEqual(['son']);
});
