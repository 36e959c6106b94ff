// Grid-records events reach the service in any order across their streams, and at least once: the enrolments they
// end (day, cause) and the services they flag must be the same as for the same events in order, and handing every
// event to the reaction again must write nothing. Through the running service: store, projections, reaction.
import fc from 'fast-check';
import type { Envelope } from '@grid/contracts';
import { householdFactsReaction } from '../../src/reactions/household-facts';
import { allocateToProject, bathingRule, endExtremePoverty, grantExtremePoverty, moveOut, recordDeath, registerHousehold } from './grid-records-events';
import { joinMember, publishProject, startHarness, type Harness } from './harness';

let h: Harness;
let member: string;
let memberId: string;
let projectId: string;
let runs = 0;

const settle = async () => {
  await h.service.caughtUp();
  await h.service.caughtUp();
};

beforeAll(async () => {
  h = await startHarness();
  const operator = await h.token('consortium-operator', ['t1']);
  memberId = await joinMember(h, operator, 't1');
  member = await h.token('consortium-member', ['t1'], memberId);
  projectId = await publishProject(h, member, memberId, bathingRule, { capacity: 1000 });
  await allocateToProject(h.infra.store, 'f1', 'alloc-1', projectId, 10_000_000, '2025-01-02');
  await settle();
});
afterAll(() => h.close());

type Household = { id: string; elder: string; son: string };
/** A household's year after its enrolment: a second status granted and ended, the first ended, deaths recorded late, a move-out. */
const POOL: ((x: Household) => Promise<unknown>)[] = [
  (x) => endExtremePoverty(h.infra.store, x.id, x.elder, `${x.id}-case-a`, '2025-10-31'),
  (x) => grantExtremePoverty(h.infra.store, x.id, x.elder, `${x.id}-case-b`, '2025-04-01'),
  (x) => endExtremePoverty(h.infra.store, x.id, x.elder, `${x.id}-case-b`, '2025-08-31'),
  (x) => recordDeath(h.infra.store, x.id, x.elder, '2025-07-15'),
  (x) => recordDeath(h.infra.store, x.id, x.son, '2025-11-02'),
  (x) => moveOut(h.infra.store, x.id, 'g1', [x.son, x.elder], '2025-09-01'),
];

/** A household enrolled on 2025-02-01 by its 特困 status and served four times, then the events of `order` (indexes into POOL). */
async function live(order: number[]): Promise<{ end: unknown; flagged: string[]; enrolmentId: string }> {
  runs += 1;
  const x = { id: `hh${runs}`, elder: `hh${runs}-elder`, son: `hh${runs}-son` };
  await registerHousehold(h.infra.store, x.id, 'g1', [[x.son, '1970-05-01'], [x.elder, '1940-03-15']]);
  await grantExtremePoverty(h.infra.store, x.id, x.elder, `${x.id}-case-a`, '2025-01-01');
  await settle();
  const consent = { givenBy: 'guardian', on: '2025-02-01', documentRef: `TY-${runs}` };
  const enrolled = await h.post(`/v1/projects/${projectId}/enrolments`, { householdId: x.id, personId: x.elder, consent, on: '2025-02-01' }, member);
  const { enrolmentId } = enrolled.json() as { enrolmentId: string };
  for (const servedOn of ['2025-03-10', '2025-06-10', '2025-08-10', '2025-10-10']) {
    const r = await h.post(`/v1/enrolments/${enrolmentId}/services`, { personId: x.elder, memberId, servedOn, personTimes: 1, costFen: 100, on: servedOn }, member);
    if (r.statusCode !== 201) throw new Error(`service: ${r.statusCode} ${r.body}`);
  }
  for (const i of order) await POOL[i]!(x);
  await settle();
  const read = (await h.get(`/v1/enrolments/${enrolmentId}/services`, member)).json() as { end: { endedOn: string; cause: string } | null; services: { servedOn: string; flagged: unknown }[] };
  return { end: read.end && { endedOn: read.end.endedOn, cause: read.end.cause }, flagged: read.services.filter((s) => s.flagged !== null).map((s) => s.servedOn), enrolmentId };
}

const orders = fc.subarray([0, 1, 2, 3, 4, 5]).chain((chosen) => fc.tuple(fc.constant(chosen), fc.shuffledSubarray(chosen, { minLength: chosen.length, maxLength: chosen.length })));
// POOL[2] ends the status POOL[1] grants: in a store, a case's end never precedes its grant.
const valid = ([, shuffled]: [number[], number[]]) => !(shuffled.includes(2) && shuffled.includes(1) && shuffled.indexOf(2) < shuffled.indexOf(1)) && !(shuffled.includes(2) && !shuffled.includes(1));

test('the same enrolment end and the same flagged services as the same events in order; delivering them again writes nothing', async () => {
  const react = householdFactsReaction.start({ store: h.infra.store, documents: h.infra.documents, readModels: { reached: async () => h.service.caughtUp() }, services: h.service.services });
  await fc.assert(
    fc.asyncProperty(orders.filter(valid), async ([chosen, shuffled]) => {
      const inOrder = await live([...chosen].sort());
      const anyOrder = await live(shuffled);
      expect({ end: anyOrder.end, flagged: anyOrder.flagged }).toEqual({ end: inOrder.end, flagged: inOrder.flagged });
      const before = await h.infra.store.readStream(`project-${projectId}`);
      const mine = (e: Envelope) => e.streamId === `household-hh${runs}` || e.streamId.startsWith(`assistance-hh${runs}-`);
      for await (const e of h.infra.store.readAll()) if (mine(e)) await react(e);
      expect((await h.infra.store.readStream(`project-${projectId}`)).length).toBe(before.length);
    }),
    { numRuns: 12 },
  );
}, 120_000);
