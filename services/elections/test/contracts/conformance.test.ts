// What the election decider emits is what the contracts publish: every event of a whole election (roll with an
// objection and a flag, proxies, two rounds, result, recall) validates against its schema, and every published
// elections event type is emitted.
import { eventRegistry, topicForStream } from '@grid/contracts';
import type { ElectionCommand } from '../../src/domain/types';
import {
  after,
  AT,
  called,
  chair,
  declare,
  published,
  ids,
  issue,
  issueByProxy,
  nominateAll,
  publishCandidates,
  tally,
  voter,
} from '../domain/fixtures';

const objected = after(
  published(10),
  { type: 'raise-roll-objection', objectionId: 'o1', kind: 'omitted', subjectId: 'x1', on: '2021-04-01', grounds: '外出务工，已表示参加选举', by: chair },
  { type: 'decide-roll-objection', objectionId: 'o1', on: '2021-04-02', upheld: true, reason: '符合第十三条第二项', voter: voter('x1', { livingHere: false, askedOn: '2021-04-01' }), by: chair },
  { type: 'raise-roll-objection', objectionId: 'o2', kind: 'wrongly-listed', subjectId: 'v10', on: '2021-04-03', grounds: '已迁出本村', by: chair },
  { type: 'decide-roll-objection', objectionId: 'o2', on: '2021-04-04', upheld: true, reason: '户籍已迁出', by: chair },
  { type: 'freeze-roll', on: '2021-04-06', by: chair },
  { type: 'record-life-event', voterId: 'v4', event: 'moved-out', on: '2021-04-08', by: chair },
  { type: 'release-committee-member', memberId: 'ec-member-li', cause: 'resigned', on: '2021-04-08', by: chair },
  ...nominateAll(),
  publishCandidates(),
  { type: 'authorise-proxy', principalId: 'x1', proxyId: 'v9', relation: 'sibling', authorisationRef: '委托书-x1', on: '2021-04-13', by: chair },
  { type: 'publish-proxies', on: '2021-04-15', by: chair },
);
/** Round 1 (x1 through their proxy) leaves a member's seat unfilled; the further round fills it; a recall of the director fails. */
const election = after(
  objected,
  ...ids(6).map((id) => issue(id)),
  issueByProxy('x1', 'v9'),
  tally('assembly', 7, { director: { v1: 5, v2: 2 }, 'deputy-director': { v3: 5, v4: 2 }, member: { v5: 6, v6: 6, v7: 3, v8: 3 } }),
  tally('ps-2', 0),
  declare(),
  ...ids(5).map((id) => issue(id, 'assembly', AT)),
  tally('assembly', 5, { member: { v7: 3, v8: 2 } }),
  tally('ps-2', 0),
  declare(),
  ...([
    { type: 'request-recall', recallId: 'r1', memberId: 'v1', petition: { by: 'voters', signatures: 3, of: 11 }, reasons: '长期不履行职责', on: '2022-06-01', by: chair },
    { type: 'hear-recall-defence', recallId: 'r1', statementRef: '申辩书-r1', on: '2022-06-10', by: chair },
    { type: 'record-recall-vote', recallId: 'r1', on: '2022-07-01', registered: 11, ballotsCast: 7, yes: 3, no: 4, invalid: 0, by: chair },
  ] satisfies ElectionCommand[]),
);

/** Art 13 (2), (3): the away voter asks, the resident applies and is admitted, before the roll is published. */
const applications = after(
  called(),
  { type: 'file-roll-application', applicationId: 'a1', voterId: 'w1', kind: 'away-voter', on: '2021-03-10', by: chair },
  { type: 'file-roll-application', applicationId: 'a2', voterId: 'n1', kind: 'resident', on: '2021-03-10', by: chair },
  { type: 'decide-roll-application', applicationId: 'a2', on: '2021-03-15', admitted: true, reason: '村民代表会议表决同意', by: chair },
).filter((e) => e.type.startsWith('elections.election.roll-application-'));
const emitted = [...election, ...applications];

describe('what the election decider emits is what the contracts publish', () => {
  test.each(emitted.map((e, i) => [i, e.type, e] as const))('event %i (%s) validates against its schema', (_i, type, e) => {
    expect(() => eventRegistry.validate(type, e.data)).not.toThrow();
  });

  test('every published elections event type is emitted in this election', () => {
    const published = eventRegistry.types().filter((t) => t.startsWith('elections.'));
    expect([...new Set(emitted.map((e) => e.type))].sort()).toEqual(published);
  });

  test('election streams go to the elections topic', () => {
    expect(topicForStream('election-e-shixiping-11')).toBe('elections.election.v1');
  });
});
