// The charity service over HTTP with what other services would have written: grid-records' regions and households,
// help-projects' published project (appended to the harness store as those services write them).
import type { EventStore } from '@grid/platform';
import { startServiceHarness, type ServiceHarness } from '@grid/platform/service';
import type { CharityServices } from '../../src/composition';
import { charity } from '../../src/definition';

export type Harness = ServiceHarness<CharityServices>;
const records = { id: 'grid-records-test', role: 'grid-worker' };
const sealed = { keyId: 'k', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ciphertext: 'AAAA' };

/** 区 d1 ⊃ 街道 s1 ⊃ 村 dawan (大湾村) ⊃ 网格 g1; d1 ⊃ s1 ⊃ 社区 c2 ⊃ g2; 区 d9 (another district) ⊃ g9. */
const TREE = [
  ['d1', 'district', null],
  ['s1', 'street', 'd1'],
  ['dawan', 'community', 's1'],
  ['c2', 'community', 's1'],
  ['g1', 'grid', 'dawan'],
  ['g2', 'grid', 'c2'],
  ['d9', 'district', null],
  ['g9', 'grid', 'd9'],
] as const;

export async function appendRecords(store: EventStore): Promise<void> {
  for (const [regionId, level, parentId] of TREE) {
    const data = { regionId, level, name: `测试${regionId}`, parentId, on: '2020-01-01', by: records };
    await store.append(`region-${regionId}`, [{ type: 'grid-records.region.created', data, actor: records }], { expectedRevision: 'no-stream' });
  }
  for (const [householdId, gridId] of [['h1', 'g1'], ['h2', 'g2'], ['h9', 'g9']] as const) {
    const member = { personId: `${householdId}-p1`, relation: 'head', name: sealed, idNumber: sealed, idHash: Buffer.from(householdId).toString('hex').padEnd(64, '0'), birthDate: '1950-01-01', sex: 'female' };
    const data = { householdId, gridId, address: sealed, registration: 'rural', headId: member.personId, members: [member], on: '2015-03-01', by: records };
    await store.append(`household-${householdId}`, [{ type: 'grid-records.household.registered', data, actor: records }], { expectedRevision: 'no-stream' });
  }
  const project = {
    projectId: 'p1',
    memberId: 'm1',
    title: '助浴服务',
    category: 'bathing',
    rule: { subject: 'person', programs: ['extreme-poverty'], regionIds: ['d1'] },
    capacity: 50,
    from: '2020-01-01',
    until: '2020-12-31',
    publishedOn: '2020-01-01',
    by: { id: 'member-1', role: 'consortium-member' },
  };
  await store.append('project-p1', [{ type: 'help-projects.project.published', data: project, actor: project.by }], { expectedRevision: 'no-stream' });
}

export interface World {
  h: Harness;
  organisationId: string;
  fundId: string;
  campaignId: string;
  tokens: { staff: string; otherStaff: string; district: string; farDistrict: string; auditor: string };
}

const ok = async <T>(res: { statusCode: number; body: string; json: () => T }, what: string): Promise<T> => {
  if (res.statusCode >= 300) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
  return res.json();
};

/** A qualified 区慈善总会 in d1 with a fund and a public 慈善一日捐 campaign for 2020. */
export async function startWorld(env: Record<string, string> = {}): Promise<World> {
  const h = await startServiceHarness(charity, { READ_SIDE: 'inline', ...env });
  await appendRecords(h.infra.store);
  await h.service.caughtUp();
  const district = await h.token('district-official', ['d1'], 'minzheng-chen');
  const on = '2020-01-02';
  const org = await ok<{ id: string }>(
    await h.post('/v1/organisations', { name: '冷水滩区慈善总会', form: 'social-organisation', creditCode: '51431103MJJ000000A', regionId: 'd1', registeredOn: '2010-05-01', on }, district),
    'organisation',
  );
  await ok(await h.post(`/v1/organisations/${org.id}/qualification`, { certificateRef: '湘民募字2017-001', validFrom: '2017-01-01', on }, district), 'qualification');
  const staff = await h.token('charity-staff', [org.id], 'staff-li');
  const fund = await ok<{ id: string }>(await h.post('/v1/funds', { organisationId: org.id, name: '慈善总会基金', on }, staff), 'fund');
  const campaign = await ok<{ id: string }>(
    await h.post(
      '/v1/campaigns',
      { organisationId: org.id, name: '2020年慈善一日捐', kind: 'one-day-donation', public: true, from: '2020-01-02', to: '2020-12-31', targetFen: null, purpose: 'poverty-relief', fundId: fund.id, on },
      staff,
    ),
    'campaign',
  );
  return {
    h,
    organisationId: org.id,
    fundId: fund.id,
    campaignId: campaign.id,
    tokens: {
      staff,
      otherStaff: await h.token('charity-staff', ['another-organisation'], 'staff-zhao'),
      district,
      farDistrict: await h.token('district-official', ['d9'], 'minzheng-far'),
      auditor: await h.token('auditor', ['d1'], 'auditor-qian'),
    },
  };
}

export const money = (amountFen: number) => ({ kind: 'money', amountFen, channel: 'bank-transfer' });
