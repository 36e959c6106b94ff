// Art 13 over HTTP: one person on one roll per committee kind at a time. A household that moves to another
// community after its first roll was published stays off the second roll of the same kind, and is on a roll of
// another kind.
import type { ServiceHarness } from '@grid/platform/service';
import type { ElectionsServices } from '../../src/composition';
import { appendGrid, appendHousehold, startElections } from './grid-records-events';
import { appendRegions, electionCall } from './regions';

let h: ServiceHarness<ElectionsServices>;

beforeAll(async () => {
  h = await startElections();
  await appendRegions(h.infra.store);
  await appendGrid(h.infra.store, 'g1', 'c1');
  await appendGrid(h.infra.store, 'g3', 'c3');
  await appendHousehold(h.infra.store, 'h1', 'g1', [['mover', '1980-01-01'], ['mover2', '1982-01-01']]);
  await appendHousehold(h.infra.store, 'h3', 'g3', [['local', '1975-01-01']]);
  await h.service.caughtUp();
});
afterAll(() => h.close());

const voters = async (id: string, token: string) => ((await h.get(`/v1/elections/${id}/roll`, token)).json() as { entries: { voterId: string }[] }).entries.map((e) => e.voterId).sort();

async function published(regionId: string, kind = 'residents-committee'): Promise<{ id: string; token: string }> {
  const token = await h.token('election-committee', [regionId]);
  const id = ((await h.post('/v1/elections', { ...electionCall(regionId), kind }, token)).json() as { id: string }).id;
  await h.post(`/v1/elections/${id}/audit`, { on: '2026-04-10', auditor: '街道经管站', reportRef: 'SJ-1' }, token);
  expect((await h.post(`/v1/elections/${id}/roll/publish`, { on: '2026-05-20' }, token)).statusCode).toBe(200);
  return { id, token };
}

test('a household moved on after its roll was published is kept off the new community’s roll of the same kind', async () => {
  const first = await published('c1');
  expect(await voters(first.id, first.token)).toEqual(['mover', 'mover2']);
  const data = { householdId: 'h1', fromGridId: 'g1', toGridId: 'g3', on: '2026-05-21', by: { id: 'gw', role: 'grid-worker' } };
  await h.infra.store.append('household-h1', [{ type: 'grid-records.household.transferred', data, actor: data.by }], { expectedRevision: 0 });
  await h.service.caughtUp();
  const second = await published('c3');
  expect(await voters(second.id, second.token)).toEqual(['local']);
  // A roll of another kind is another roll.
  const supervision = await published('c3', 'residents-affairs-supervision');
  expect(await voters(supervision.id, supervision.token)).toEqual(['local', 'mover', 'mover2']);
});
