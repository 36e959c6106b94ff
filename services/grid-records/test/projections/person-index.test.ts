import { MemoryDocumentStore, MemoryEventStore, applyEvent, type DocumentStore } from '@grid/platform';
import type { Envelope } from '@grid/contracts';
import { personIndexProjection } from '../../src/projections/person-index/person-index.projection';
import { PersonLookup } from '../../src/projections/person-index/person-lookup';
import { append, clerk, hash, member, registered } from './events';

let store: MemoryEventStore;
let history: Envelope[];
beforeEach(async () => {
  store = new MemoryEventStore();
  // p1 registered in h1, leaves it, joins h2 (recorded in this order).
  history = [
    await append(
      store,
      'household-h1',
      'grid-records.household.registered',
      registered('h1', 'g1', [member('p0', 99), member('p1', 1, 'spouse')]),
    ),
    await append(store, 'household-h1', 'grid-records.household.member-removed', {
      householdId: 'h1',
      personId: 'p1',
      on: '2021-01-01',
      reason: 'moved-away',
      by: clerk,
    }),
    await append(store, 'household-h2', 'grid-records.household.member-added', {
      householdId: 'h2',
      member: member('p1', 1, 'spouse'),
      on: '2021-01-02',
      by: clerk,
    }),
  ];
});

const applyAll = async (docs: DocumentStore, events: Envelope[]) => {
  for (const e of events) await applyEvent(personIndexProjection, docs, e);
};

describe('person index', () => {
  it('finds the person’s current household by the ID number’s keyed hash', async () => {
    const docs = new MemoryDocumentStore();
    await applyAll(docs, history);
    expect(await new PersonLookup(docs).byIdHash(hash(1))).toMatchObject({
      personId: 'p1',
      householdId: 'h2',
      status: 'member',
      since: '2021-01-02',
    });
  });

  it('comes out the same when two households’ streams arrive in the other order (as on the bus)', async () => {
    const docs = new MemoryDocumentStore();
    await applyAll(docs, [history[2]!, history[0]!, history[1]!]);
    expect(await new PersonLookup(docs).byIdHash(hash(1))).toMatchObject({ householdId: 'h2', status: 'member' });
  });

  it('applies each event once under redelivery', async () => {
    const docs = new MemoryDocumentStore();
    await applyAll(docs, [...history, ...history]);
    expect(await new PersonLookup(docs).byPersonId('p1')).toMatchObject({ householdId: 'h2', status: 'member' });
  });

  it('records deaths and moves out of the district', async () => {
    const docs = new MemoryDocumentStore();
    await applyAll(docs, [
      ...history,
      await append(store, 'household-h1', 'grid-records.resident.died', {
        householdId: 'h1',
        personId: 'p0',
        idHash: hash(99),
        diedOn: '2019-12-01',
        evidence: 'visit-report',
        by: clerk,
      }),
      await append(store, 'household-h2', 'grid-records.household.moved-out', {
        householdId: 'h2',
        gridId: 'g2',
        memberIds: ['p1'],
        on: '2022-01-01',
        by: clerk,
      }),
    ]);
    const lookup = new PersonLookup(docs);
    expect(await lookup.byPersonId('p0')).toMatchObject({ status: 'died', since: '2019-12-01' });
    expect(await lookup.byPersonId('p1')).toMatchObject({ status: 'moved-out', householdId: 'h2' });
  });

  it('shows a person whose death was revoked as a member again', async () => {
    const docs = new MemoryDocumentStore();
    await applyAll(docs, [
      ...history,
      await append(store, 'household-h1', 'grid-records.resident.died', {
        householdId: 'h1',
        personId: 'p0',
        idHash: hash(99),
        diedOn: '2021-02-01',
        evidence: 'visit-report',
        by: clerk,
      }),
      await append(store, 'household-h1', 'grid-records.resident.death-revoked', {
        householdId: 'h1',
        personId: 'p0',
        idHash: hash(99),
        diedOn: '2021-02-01',
        reason: '同名误报',
        evidence: { keyId: 'k', iv: 'AAAA', tag: 'AAAA', ciphertext: Buffer.from('公安户籍核查').toString('base64') },
        reopened: false,
        on: '2021-03-01',
        by: clerk,
      }),
    ]);
    expect(await new PersonLookup(docs).byPersonId('p0')).toMatchObject({ householdId: 'h1', status: 'member', since: '2021-03-01' });
  });

  it('forgets the ID number’s reference of an erased person, also when an older event of theirs arrives after', async () => {
    const docs = new MemoryDocumentStore();
    const erased = await append(store, 'household-h2', 'grid-records.resident.erased', {
      householdId: 'h2',
      personId: 'p1',
      legalBasis: 'retention-ended',
      reference: '冷民删字〔2026〕3号',
      on: '2026-12-01',
      by: clerk,
    });
    await applyAll(docs, [history[0]!, erased, history[2]!, history[1]!]);
    const lookup = new PersonLookup(docs);
    expect(await lookup.byIdHash(hash(1))).toBeNull();
    expect(await lookup.byPersonId('p1')).not.toHaveProperty('idHash');
    expect(await lookup.byIdHash(hash(99))).toMatchObject({ personId: 'p0' });
  });
});
