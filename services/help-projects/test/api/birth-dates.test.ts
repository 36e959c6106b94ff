// Birth dates as grid-records publishes them since v2 (sealed, the year in clear): a rule's minAge is decided by the year,
// and the service opens the date, recorded, only for who turns that age in the year of the day judged.
import { randomBytes } from 'node:crypto';
import { MemoryDocumentStore, createPersonalDataVault } from '@grid/platform';
import { startServiceHarness } from '@grid/platform/service';
import { helpProjects } from '../../src/definition';
import { appendRegions, bathingRule, grantExtremePoverty, registerHousehold } from './grid-records-events';
import { joinMember, publishProject, type Harness } from './harness';

const vault = createPersonalDataVault({ documents: new MemoryDocumentStore(), masterKey: randomBytes(32) });
let h: Harness;
let member: string;
let projectId: string;

beforeAll(async () => {
  h = (await startServiceHarness(helpProjects, { READ_SIDE: 'inline' }, { vault })) as Harness;
  await appendRegions(h.infra.store);
  const operator = await h.token('consortium-operator', ['t1']);
  const memberId = await joinMember(h, operator, 't1');
  member = await h.token('consortium-member', ['t1'], memberId);
  // The elder turns 85 on 2025-03-15; the son is decided by his year alone.
  await registerHousehold(h.infra.store, 'h1', 'g1', [['p-son', '1970-05-01'], ['p-elder', '1940-03-15']], vault);
  await grantExtremePoverty(h.infra.store, 'h1', 'p-elder', 'case-tk', '2025-01-01');
  await grantExtremePoverty(h.infra.store, 'h1', 'p-son', 'case-tk-son', '2025-01-01');
  await h.service.caughtUp();
  projectId = await publishProject(h, member, memberId, { ...bathingRule, minAge: 85 });
});
afterAll(() => h.close());

const eligible = async (on: string) => (await h.get(`/v1/projects/${projectId}/eligible?on=${on}`, member)).json() as { count: number };
const enrol = (on: string) =>
  h.post(`/v1/projects/${projectId}/enrolments`, { householdId: 'h1', personId: 'p-elder', consent: { givenBy: 'guardian', on, documentRef: 'TY-1' }, on }, member);

test('the day before the 85th birthday the elder is not eligible, on it they are: the sealed date decides', async () => {
  expect(await eligible('2025-03-14')).toMatchObject({ count: 0 });
  expect(await eligible('2025-03-15')).toMatchObject({ count: 1 });
  const early = await enrol('2025-03-14');
  expect(early.statusCode).toBe(422);
  expect(early.json()).toMatchObject({ errors: [{ rule: 'not-eligible', field: 'rule.min-age' }] });
  expect((await enrol('2025-03-15')).statusCode).toBe(201);
});

test('only the elder’s date was opened, each time with its purpose recorded; the son’s year sufficed', async () => {
  const reveals = await vault.reveals('help-projects');
  expect(reveals.length).toBeGreaterThan(0);
  expect(new Set(reveals.flatMap((r) => r.subjects))).toEqual(new Set(['person:p-elder']));
  expect(new Set(reveals.map((r) => r.purpose))).toEqual(new Set(['whom-to-serve']));
});
