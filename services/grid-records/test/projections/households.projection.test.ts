import { MemoryDocumentStore, MemoryEventStore, fromStore, runProjection } from '@grid/platform';
import { listHouseholds } from '../../src/projections/households/household-list';
import { foldHouseholdView } from '../../src/projections/households/household-view';
import { HOUSEHOLDS, householdsProjection } from '../../src/projections/households/households.projection';
import { append, clerk, member, registered } from './events';

describe('households read model', () => {
  it('follows the stream’s revision through visits and disclosures, and equals the stream’s fold', async () => {
    const store = new MemoryEventStore();
    const docs = new MemoryDocumentStore();
    const runner = await runProjection({ projection: householdsProjection, docs, source: fromStore(store) });
    await append(store, 'household-h1', 'grid-records.household.registered', registered('h1', 'g1', [member('p1', 1)]));
    await append(store, 'household-h1', 'grid-records.visit.recorded', {
      visitId: 'v1',
      householdId: 'h1',
      personIds: ['p1'],
      visitedOn: '2020-02-01',
      kind: 'routine',
      findings: ['all-well'],
      by: clerk,
    });
    await append(store, 'household-h1', 'grid-records.household.personal-data-revealed', {
      householdId: 'h1',
      personIds: ['p1'],
      view: 'household',
      reason: 'audit',
      by: clerk,
    });
    await runner.caughtUp();
    await runner.close();
    const doc = (await docs.collection(HOUSEHOLDS).get('h1'))!;
    expect(doc).toMatchObject({ revision: 2, status: 'active', gridId: 'g1' });
    const { _id, _seen, _version, ...view } = doc;
    expect(view).toEqual(foldHouseholdView(await store.readStream('household-h1')));
  });

  it('pages by cursor with a total, filtered by grids and status', async () => {
    const store = new MemoryEventStore();
    const docs = new MemoryDocumentStore();
    const runner = await runProjection({ projection: householdsProjection, docs, source: fromStore(store) });
    for (let i = 0; i < 7; i += 1)
      await append(
        store,
        `household-h${i}`,
        'grid-records.household.registered',
        registered(`h${i}`, i < 5 ? 'g1' : 'g2', [member(`p${i}`, i + 1)]),
      );
    await append(store, 'household-h0', 'grid-records.household.moved-out', {
      householdId: 'h0',
      gridId: 'g1',
      memberIds: ['p0'],
      on: '2021-01-01',
      by: clerk,
    });
    await runner.caughtUp();
    await runner.close();
    const first = await listHouseholds(docs, { gridIds: ['g1'], status: 'active', limit: 3 });
    expect(first).toMatchObject({ total: 4, items: [{ householdId: 'h1' }, { householdId: 'h2' }, { householdId: 'h3' }] });
    const second = await listHouseholds(docs, { gridIds: ['g1'], status: 'active', limit: 3, cursor: first.nextCursor! });
    expect(second).toMatchObject({ total: 4, items: [{ householdId: 'h4' }], nextCursor: null });
    expect((await listHouseholds(docs, { gridIds: 'all', limit: 50 })).total).toBe(7);
    expect((await listHouseholds(docs, { gridIds: [], limit: 50 })).total).toBe(0);
  });
});
