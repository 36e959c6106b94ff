import type { Envelope } from '@grid/contracts';
import { MemoryDocumentStore, MemoryEventStore, applyEvent, fromStore, runProjection, type Projection } from '@grid/platform';
import { appendAndRead } from '@grid/platform/testing';
import type { AssistanceEvent } from '../../src/domain';
import { CaseLookup } from '../../src/projections/assistance/case-lookup';
import { ASSISTANCE_CASES, assistanceCasesProjection } from '../../src/projections/assistance/assistance-cases.projection';
import { foldCaseView, foldCaseViewAsKnownAt } from '../../src/projections/assistance/case-view';
import { HOUSEHOLDS, householdsProjection } from '../../src/projections/households/households.projection';
import { VisitLookup } from '../../src/projections/visits/visit-lookup';
import { visitsProjection } from '../../src/projections/visits/visits.projection';
import { district } from '../domain/fixtures';
import { after } from '../domain/assistance/assistance-fixtures';
import { grantEvents } from '../domain/standards/status-fixtures';
import { append, clerk, member, registered } from './events';

let store: MemoryEventStore;
let docs: MemoryDocumentStore;
beforeEach(() => {
  store = new MemoryEventStore();
  docs = new MemoryDocumentStore();
});

/** Appends a case's domain events to its stream, as the command handler would. */
async function appendCase(caseId: string, events: AssistanceEvent[], from = 0): Promise<Envelope[]> {
  const out: Envelope[] = [];
  for (const e of events.slice(from)) {
    const written = await appendAndRead(
      store,
      `assistance-${caseId}`,
      [{ type: e.type, data: e.data as Record<string, unknown>, occurredAt: e.occurredAt, actor: clerk }],
      { expectedRevision: 'any' },
    );
    out.push(...written);
  }
  return out;
}

async function project(...projections: Projection[]): Promise<void> {
  for (const projection of projections) {
    const runner = await runProjection({ projection, docs, source: fromStore(store) });
    await runner.caughtUp();
    await runner.close();
  }
}

const dibao = () => grantEvents('minimum-living', { caseId: 'c-dibao', householdId: 'h-liu' });

describe('assistance_cases read model', () => {
  it('equals the fold of the case’s stream that GET serves, steps and revision included', async () => {
    await appendCase('c-dibao', after(dibao(), { type: 'change-class', to: 'A', effectiveFrom: '2020-07-01', reason: 'r', by: district }));
    await project(assistanceCasesProjection);
    const doc = await new CaseLookup(docs).byId('c-dibao');
    const fold = foldCaseView(await store.readStream('assistance-c-dibao'));
    expect(doc).toEqual(fold);
    expect(doc).toMatchObject({ stage: 'active', class: 'A', revision: 5, householdId: 'h-liu' });
    expect(doc!.steps.map((s) => s.step)).toEqual(['applied', 'home-checked', 'reviewed', 'notice-published', 'approved', 'class-changed']);
  });

  it('applies a redelivered event once', async () => {
    const written = await appendCase('c-dibao', dibao());
    for (const e of [...written, written[2]!, written[4]!]) await applyEvent(assistanceCasesProjection, docs, e);
    expect((await new CaseLookup(docs).byId('c-dibao'))!.steps).toHaveLength(5);
  });

  it('folds a case as it was known at a moment: later records drop out', async () => {
    const written = await appendCase('c-dibao', dibao());
    await new Promise((r) => setTimeout(r, 5));
    const ended = await appendCase('c-dibao', after(dibao(), { type: 'end', endedOn: '2020-09-14', cause: 'death', by: clerk }), 5);
    const events = await store.readStream('assistance-c-dibao');
    expect(foldCaseViewAsKnownAt(events, written.at(-1)!.recordedAt)).toMatchObject({ stage: 'active', endedOn: null });
    expect(foldCaseViewAsKnownAt(events, ended[0]!.recordedAt)).toMatchObject({ stage: 'ended', endedOn: '2020-09-14' });
    expect(foldCaseViewAsKnownAt(events, '2000-01-01T00:00:00Z')).toBeNull();
  });
});

describe('the household’s statuses summary', () => {
  it('lists granted statuses from the assistance streams, follows class changes and ends, and leaves the revision alone', async () => {
    await append(store, 'household-h-liu', 'grid-records.household.registered', registered('h-liu', 'g1', [member('p-liu-gm', 1)]));
    await appendCase('c-dibao', after(dibao(), { type: 'change-class', to: 'A', effectiveFrom: '2020-07-01', reason: 'r', by: district }));
    await appendCase(
      'c-temp',
      grantEvents('temporary', { caseId: 'c-temp', householdId: 'h-liu', personId: 'p-liu-gm', terms: { amountFen: 50_000 } }),
    );
    const age = grantEvents('advanced-age', { caseId: 'c-age', householdId: 'h-liu', personId: 'p-liu-gm' });
    await appendCase('c-age', after(age, { type: 'end', endedOn: '2020-09-14', cause: 'death', by: clerk }));
    await project(householdsProjection);
    const doc = (await docs.collection(HOUSEHOLDS).get('h-liu'))!;
    expect(doc).toMatchObject({
      revision: 0,
      statuses: [{ caseId: 'c-dibao', program: 'minimum-living', class: 'A', personId: null, since: '2020-04-01' }],
    });
  });
});

describe('visits read model', () => {
  it('keeps one document per visit, listed latest first', async () => {
    await append(store, 'household-h1', 'grid-records.household.registered', registered('h1', 'g1', [member('p1', 1)]));
    for (const [visitId, visitedOn] of [
      ['v1', '2020-02-01'],
      ['v2', '2020-03-01'],
    ] as const) {
      await append(store, 'household-h1', 'grid-records.visit.recorded', {
        visitId,
        householdId: 'h1',
        personIds: ['p1'],
        visitedOn,
        kind: 'care',
        findings: ['all-well'],
        by: clerk,
      });
    }
    await project(visitsProjection);
    const visits = await new VisitLookup(docs).ofHousehold('h1');
    expect(visits.map((v) => [v.visitId, v.visitedOn, v.note])).toEqual([
      ['v2', '2020-03-01', null],
      ['v1', '2020-02-01', null],
    ]);
    expect(await new VisitLookup(docs).ofHouseholds(['h1', 'h2'])).toHaveLength(2);
    expect(await docs.collection(ASSISTANCE_CASES).count()).toBe(0);
  });
});
