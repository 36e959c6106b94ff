// gridctl over the services beside grid-records: as-of of their aggregates, rebuild and replay-compare of their read
// models (help-projects here, with region events appended as grid-records writes them), the server stopped.
import { helpProjects, type HelpProjectsServices } from '@grid/help-projects';
import { startServiceHarness, type ServiceHarness } from '@grid/platform/service';
import { gridctl as run, gridctlOnHarness } from './scratch';

let h: ServiceHarness<HelpProjectsServices>;
let memberId: string;
const onHarness = gridctlOnHarness();
const actor = { id: 'grid-worker-test', role: 'grid-worker' };

beforeAll(async () => {
  h = await startServiceHarness(helpProjects, { READ_SIDE: 'inline' });
  for (const [regionId, level, parentId] of [['d', 'district', null], ['t1', 'street', 'd'], ['t2', 'street', 'd']] as const) {
    const data = { regionId, level, name: `测试${regionId}`, parentId, on: '2020-01-01', by: actor };
    await h.infra.store.append(`region-${regionId}`, [{ type: 'grid-records.region.created', data, actor }], { expectedRevision: 'no-stream' });
  }
  await h.service.caughtUp();
  const operator = await h.token('consortium-operator', ['t1']);
  const joined = await h.post('/v1/members', { name: '区红十字会', kind: 'social-organisation', level: 'township', regionId: 't1', on: '2025-01-01' }, operator);
  memberId = (joined.json() as { id: string }).id;
  expect((await h.post(`/v1/members/${memberId}/status-changes`, { to: 'suspended', on: '2025-06-01', reason: '整改' }, operator)).statusCode).toBe(200);
  await h.service.caughtUp();
  await onHarness.handOver(h);
}, 60_000);

describe('gridctl as-of <aggregate> <id>', () => {
  it('a consortium member active in March, suspended in July; the question recorded on help-projects’ audit stream', async () => {
    const march = JSON.parse(await run('as-of', 'members', memberId, '--valid-at', '2025-03-31', '--sub', 'auditor-zhao'));
    const july = JSON.parse(await run('as-of', 'members', memberId, '--valid-at', '2025-07-31'));
    expect(march).toMatchObject({ aggregate: 'members', streamId: `consortium-${memberId}`, state: { status: 'active' }, explainedBy: [{ type: 'help-projects.consortium.member-joined' }] });
    expect(july.state).toMatchObject({ status: 'suspended' });
    const asked = [];
    for await (const e of h.infra.store.readAll()) if (e.type === 'platform.audit.query-recorded') asked.push(e);
    expect(asked[0]).toMatchObject({
      streamId: expect.stringMatching(/^auditlog-help-projects-\d{4}-\d{2}-\d{2}$/),
      data: { service: 'help-projects', query: 'as-of', subject: { aggregate: 'members', id: memberId }, parameters: { validAt: '2025-03-31' }, by: { id: 'auditor-zhao', role: 'auditor' } },
    });
  });

  it('an aggregate nobody declares, or an id never written, is refused by name', async () => {
    await expect(run('as-of', 'ballots', memberId)).rejects.toThrow(/no audited aggregate ballots: one of households, regions, grids, elections, members, projects/);
    await expect(run('as-of', 'members', 'nobody')).rejects.toThrow(/no members nobody/);
  });
});

describe('gridctl rebuild and replay-compare --service', () => {
  it('help-projects’ read models rebuild equal to the live ones; a tampered member is named and exits 1', async () => {
    const rebuilt = JSON.parse(await run('rebuild', '--service', 'help-projects'));
    expect(rebuilt.collections).toContainEqual({ service: 'help-projects', name: 'help_projects_members', documents: 1 });
    expect(JSON.parse(await run('replay-compare', '--service', 'help-projects'))).toMatchObject({ ok: true, differences: [] });
    expect(process.exitCode).toBeUndefined();

    const members = h.infra.documents.collection('help_projects_members');
    const [doc] = await members.find({}, { limit: 1 });
    await members.put({ ...doc!, status: 'active' });
    const report = JSON.parse(await run('replay-compare', '--service', 'help-projects'));
    expect(report).toMatchObject({ ok: false, differences: [{ collection: 'help_projects_members', id: memberId, kind: 'differs', fields: ['status'] }] });
    expect(process.exitCode).toBe(1);
    await expect(run('rebuild', '--service', 'payroll')).rejects.toThrow(/one of grid-records, elections, help-projects, charity or all/);
  });
});
