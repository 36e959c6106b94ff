import type { Envelope } from '@grid/contracts';
import { aggregateAsOf, auditedAggregate, causesInStore, MemoryEventStore, shownPlain, type Decider } from '@grid/platform';

// A pocket-sized membership: joined, suspended, reinstated; its events carry their effective day in `occurredAt`.
type Evt = { type: 'sample.member.joined' | 'sample.member.suspended' | 'sample.member.reinstated'; data: { memberId: string } };
type State = { memberId: string; status: 'active' | 'suspended'; suspensions: Set<string> } | null;
const member: Pick<Decider<unknown, Evt, State>, 'initialState' | 'evolve'> = {
  initialState: null,
  evolve: (s, e) =>
    e.type === 'sample.member.joined'
      ? { memberId: e.data.memberId, status: 'active', suspensions: new Set() }
      : s && { ...s, status: e.type === 'sample.member.suspended' ? 'suspended' : 'active', suspensions: new Set([...s.suspensions, e.type]) },
};
const members = auditedAggregate({ name: 'members', summary: { zh: '成员', en: 'A member' }, stream: (id) => `member-${id}`, decider: member, regionOf: () => 'r1' });

let position = 0;
/** An event that took effect on `effectiveOn` and was recorded at `recordedAt`. */
const happened = (type: Evt['type'], effectiveOn: string, recordedAt: string, extra: Partial<Envelope> = {}): Envelope => ({
  eventId: `e${++position}`,
  type,
  schemaVersion: 1,
  streamId: 'member-m1',
  streamRevision: position - 1,
  globalPosition: position,
  occurredAt: effectiveOn,
  recordedAt,
  actor: { id: 'worker-1', role: 'grid-worker' },
  correlationId: `e${position}`,
  causationId: null,
  traceparent: null,
  prevHash: null,
  hash: 'x'.repeat(64),
  data: { memberId: 'm1' },
  ...extra,
});

const history = [
  happened('sample.member.joined', '2025-01-01', '2025-01-01T02:00:00Z'),
  // A suspension from 1 March, recorded only on 20 April.
  happened('sample.member.suspended', '2025-03-01', '2025-04-20T02:00:00Z'),
  happened('sample.member.reinstated', '2025-06-01', '2025-06-01T02:00:00Z'),
];

describe('as-of / known-at over a decider’s evolve', () => {
  it('valid in March as known in March, the member is active: the suspension is learned later, 50 days late', () => {
    const answer = aggregateAsOf(members, 'm1', history, { validAt: '2025-03-31', knownAt: '2025-03-31T23:59:59+08:00' });
    expect(answer.state).toMatchObject({ status: 'active' });
    expect(answer.explainedBy.map((e) => e.type)).toEqual(['sample.member.joined']);
    expect(answer.learnedLater).toMatchObject([{ type: 'sample.member.suspended', effectiveOn: '2025-03-01', recordedLateDays: 50 }]);
  });

  it('valid in March as known in May, the member was suspended', () => {
    const answer = aggregateAsOf(members, 'm1', history, { validAt: '2025-03-31', knownAt: '2025-05-01T00:00:00+08:00' });
    expect(answer).toMatchObject({ state: { status: 'suspended', suspensions: ['sample.member.suspended'] }, learnedLater: [] });
  });

  it('valid before joining, there is no state', () => {
    expect(aggregateAsOf(members, 'm1', history, { validAt: '2024-12-31', knownAt: '2026-01-01T00:00:00Z' })).toMatchObject({ state: null, explainedBy: [] });
  });

  it('a declared effective day overrides occurredAt (an end recorded by rule takes effect on the day it names)', () => {
    const byData = { ...members, effectiveOn: (e: Envelope) => (e.type === 'sample.member.reinstated' ? '2025-02-01' : e.occurredAt.slice(0, 10)) };
    expect(aggregateAsOf(byData, 'm1', history, { validAt: '2025-02-15', knownAt: '2026-01-01T00:00:00Z' }).explainedBy.map((e) => e.type)).toEqual([
      'sample.member.joined',
      'sample.member.reinstated',
    ]);
  });
});

describe('what an audit answer shows', () => {
  it('a sealed value is masked wherever it sits; maps and sets read as JSON', () => {
    const sealed = { keyId: 'person:p1', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ciphertext: 'AAAA' };
    expect(shownPlain({ donor: { name: sealed }, seen: new Set(['a']), by: new Map([['p1', 2]]) })).toEqual({ donor: { name: '***' }, seen: ['a'], by: { p1: 2 } });
  });
});

describe('causes followed through the store', () => {
  it('an event in one stream is explained by the chain of events in other streams that caused it, nearest first', async () => {
    const store = new MemoryEventStore();
    const actor = { id: 'system', role: 'system' };
    const [death] = (await store.append('household-h1', [{ type: 'grid-records.resident.died', data: { personId: 'p1' }, actor }], { expectedRevision: 'any' })).events;
    await store.append('household-h2', [{ type: 'grid-records.household.registered', data: {}, actor }], { expectedRevision: 'any' });
    const [ended] = (await store.append('project-x', [{ type: 'help-projects.project.enrolment-ended', data: {}, actor, causationId: death!.eventId }], { expectedRevision: 'any' })).events;
    await store.append('project-x', [{ type: 'help-projects.project.service-flagged', data: {}, actor, causationId: ended!.eventId }], { expectedRevision: 'any' });
    const flagged = await store.readStream('project-x');
    const causes = await causesInStore(store, flagged);
    const answer = aggregateAsOf(members, 'x', flagged, { validAt: '2099-12-31', knownAt: '2099-12-31T00:00:00Z' }, causes);
    expect(answer.explainedBy.map((e) => e.causedBy.map((c) => c.type))).toEqual([['grid-records.resident.died'], ['help-projects.project.enrolment-ended', 'grid-records.resident.died']]);
  });
});
