// A household's aid history is learned from charity's fund events and help-projects' project events, appended here
// as those services would write them (embedded: one store; production: their topics).
import type { NewEvent } from '@grid/contracts';
import { people } from '../application/people';
import { household, tokensFor, type Tokens } from './assistance-steps';
import { seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let t: Tokens;
let home: string;
let away: string;
const staff = { id: 'charity-staff-1', role: 'charity-staff' };
const on = '2020-09-10';

const fundEvent = (type: string, data: Record<string, unknown>): NewEvent => ({ type, data, actor: staff });
const move = (from: string, to: string, amountFen: number) => [
  { account: to, amountFen },
  { account: from, amountFen: -amountFen },
];

beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  t = await tokensFor(h);
  home = (await household(h, t.worker, h.regions.g1!, [people.head])).id;
  away = (await household(h, t.worker, h.regions.g3!, [people.other])).id;
  const recipient = { kind: 'household', householdId: home };
  await h.infra.store.append(
    'fund-f1',
    [
      fundEvent('charity.fund.opened', { fundId: 'f1', organisationId: 'o1', name: '慈善一日捐基金', on, by: staff }),
      fundEvent('charity.fund.money-credited', { tx: 1, donationId: 'd1', campaignId: 'c1', amountFen: 100_000, restriction: null, entries: move('income:c1', 'unrestricted', 100_000), on, by: staff }),
      fundEvent('charity.fund.allocated', { tx: 2, allocationId: 'a1', recipient, regionPath: [], purpose: 'poverty-relief', amountFen: 30_000, restriction: null, entries: move('unrestricted', 'allocated:a1', 30_000), on, by: staff }),
      fundEvent('charity.fund.use-recorded', { tx: 3, useId: 'u1', allocationId: 'a1', amountFen: 20_000, evidenceRef: '签收单-1', entries: move('allocated:a1', 'uses', 20_000), on, by: staff }),
      fundEvent('charity.fund.allocated', { tx: 4, allocationId: 'a2', recipient, regionPath: [], purpose: 'poverty-relief', amountFen: 5_000, restriction: null, entries: move('unrestricted', 'allocated:a2', 5_000), on: '2020-09-11', by: staff }),
      fundEvent('charity.fund.transaction-reversed', { tx: 5, reverses: 4, reason: '重复分配', entries: move('allocated:a2', 'unrestricted', 5_000), on: '2020-09-12', by: staff }),
      fundEvent('charity.fund.allocated', { tx: 6, allocationId: 'a3', recipient: { kind: 'project', projectId: 'p1' }, regionPath: [], purpose: 'elderly-care', amountFen: 10_000, restriction: null, entries: move('unrestricted', 'allocated:a3', 10_000), on, by: staff }),
    ],
    { expectedRevision: 'no-stream' },
  );
  await h.infra.store.append(
    'project-p1',
    [
      fundEvent('help-projects.project.service-recorded', { projectId: 'p1', serviceId: 's1', enrolmentId: 'e1', householdId: home, personId: 'person-1', memberId: 'm1', servedOn: '2020-10-01', personTimes: 2, costFen: 4_000, by: staff }),
    ],
    { expectedRevision: 'any' },
  );
  await h.service.caughtUp();
});
afterAll(() => h.close());

describe("a household's aid history", () => {
  it('shows the charity allocations to it, their uses and reversals, and the help-project services delivered', async () => {
    const res = await h.get(`/v1/households/${home}/aid-history`, t.street);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ kind: 'help-project-service', projectId: 'p1', serviceId: 's1', personTimes: 2, costFen: 4_000, on: '2020-10-01' }),
      expect.objectContaining({ kind: 'charity-allocation', allocationId: 'a2', amountFen: 5_000, reversed: true }),
      expect.objectContaining({ kind: 'charity-allocation', allocationId: 'a1', fundId: 'f1', amountFen: 30_000, usedFen: 20_000, reversed: false }),
    ]);
  });

  it('is empty for a household nothing reached', async () => {
    const res = await h.get(`/v1/households/${away}/aid-history`, t.street);
    expect(res.json()).toEqual({ householdId: away, items: [] });
  });

  it('is answered 404 outside the caller’s scope, like a missing household', async () => {
    const far = await h.token('community-official', [h.regions.c2!], 'community-sun');
    expect((await h.get(`/v1/households/${home}/aid-history`, far)).statusCode).toBe(404);
    expect((await h.get('/v1/households/nobody/aid-history', t.street)).statusCode).toBe(404);
  });

  it('needs a token', async () => {
    expect((await h.get(`/v1/households/${home}/aid-history`)).statusCode).toBe(401);
  });
});
