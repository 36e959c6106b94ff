import type { Envelope } from '@grid/contracts';
import { MemoryDocumentStore, MemoryEventStore, fromStore, runProjection, type Doc } from '@grid/platform';
import { appendAndRead } from '@grid/platform/testing';
import type { AssistanceEvent } from '../../src/domain';
import { foldCaseView } from '../../src/projections/assistance/case-view';
import { REGION_CASES, regionCasesProjection, type RegionCase } from '../../src/projections/region-cases/region-cases.projection';
import { grantEvents } from '../domain/standards/status-fixtures';
import { append, clerk, member, registered } from './events';

let store: MemoryEventStore;
let docs: MemoryDocumentStore;
beforeEach(() => {
  store = new MemoryEventStore();
  docs = new MemoryDocumentStore();
});

async function appendCase(caseId: string, events: AssistanceEvent[]): Promise<Envelope[]> {
  const out: Envelope[] = [];
  for (const e of events)
    out.push(
      ...(await appendAndRead(
        store,
        `assistance-${caseId}`,
        [{ type: e.type, data: e.data as Record<string, unknown>, occurredAt: e.occurredAt, actor: clerk }],
        {
          expectedRevision: 'any',
        },
      )),
    );
  return out;
}

async function project(): Promise<void> {
  const runner = await runProjection({ projection: regionCasesProjection, docs, source: fromStore(store) });
  await runner.caughtUp();
  await runner.close();
}

const caseDoc = async (caseId: string) => {
  const doc = await docs.collection<RegionCase & Doc & { _deleted?: true }>(REGION_CASES).get(caseId);
  if (!doc || doc._deleted) return null;
  const { _id, _seen, _version, ...fields } = doc;
  return fields as unknown as RegionCase;
};

describe('region_cases read model', () => {
  it('holds the case’s folded state without its history, in the grid its household is registered in', async () => {
    await append(store, 'household-h-liu', 'grid-records.household.registered', registered('h-liu', 'g-1', [member('p-liu', 1)]));
    await appendCase('c-dibao', grantEvents('minimum-living', { caseId: 'c-dibao', householdId: 'h-liu' }));
    await project();
    const { steps: _s, revision: _r, updatedAt: _u, ...state } = foldCaseView(await store.readStream('assistance-c-dibao'))!;
    expect(await caseDoc('c-dibao')).toEqual({ ...state, gridId: 'g-1' });
  });

  it('moves a household’s cases with it when the household is transferred to another grid', async () => {
    await append(store, 'household-h-liu', 'grid-records.household.registered', registered('h-liu', 'g-1', [member('p-liu', 1)]));
    await appendCase('c-dibao', grantEvents('minimum-living', { caseId: 'c-dibao', householdId: 'h-liu' }));
    await append(store, 'household-h-liu', 'grid-records.household.transferred', {
      householdId: 'h-liu',
      fromGridId: 'g-1',
      toGridId: 'g-2',
      on: '2021-03-01',
      by: clerk,
    });
    await appendCase('c-later', grantEvents('minimum-living', { caseId: 'c-later', householdId: 'h-liu' }));
    await project();
    expect((await caseDoc('c-dibao'))?.gridId).toBe('g-2');
    expect((await caseDoc('c-later'))?.gridId).toBe('g-2');
  });

  it('reads a document stored before assistance.applied v2 (a clear birth date, no year) as v2 and writes it back without the date', async () => {
    await append(store, 'household-h-liu', 'grid-records.household.registered', registered('h-liu', 'g-1', [member('p-liu', 1)]));
    await appendCase('c-dibao', grantEvents('minimum-living', { caseId: 'c-dibao', householdId: 'h-liu' }));
    await project();
    const col = docs.collection<Doc & Record<string, unknown>>(REGION_CASES);
    const { birthYear: _y, birthMonth: _m, ...v1 } = (await col.get('c-dibao'))!;
    await col.put({ ...v1, birthDate: '1940-05-20' });
    await append(store, 'household-h-liu', 'grid-records.household.transferred', { householdId: 'h-liu', fromGridId: 'g-1', toGridId: 'g-2', on: '2021-03-01', by: clerk });
    await project();
    const doc = (await caseDoc('c-dibao'))!;
    expect(doc).toMatchObject({ gridId: 'g-2', birthYear: 1940, birthMonth: null });
    expect(doc).not.toHaveProperty('birthDate');
  });

  it('keeps nothing of a stream that does not start with an application', async () => {
    const [, ...rest] = grantEvents('minimum-living', { caseId: 'c-x', householdId: 'h-liu' });
    await appendCase('c-x', rest);
    await project();
    expect(await caseDoc('c-x')).toBeNull();
  });
});
