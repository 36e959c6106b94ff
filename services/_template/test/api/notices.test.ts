// The template over HTTP: its own role and the region officials post notices within their scope, which it checks
// against its own region directory, built from grid-records' region events in the same store.
import { startServiceHarness, type ServiceHarness } from '@grid/platform/service';
import type { TemplateServices } from '../../src/composition';
import { template } from '../../src/definition';

let h: ServiceHarness<TemplateServices>;
const actor = { id: 'grid-records-test', role: 'district-official' };
const region = (regionId: string, level: string, parentId: string | null) => ({
  type: 'grid-records.region.created',
  data: { regionId, level, name: `测试${regionId}`, parentId, on: '2020-01-01', by: actor },
  actor,
});

beforeAll(async () => {
  h = await startServiceHarness(template, { READ_SIDE: 'inline' });
  // What grid-records would have written: 区 d1 ⊃ 街道 s1 ⊃ 社区 c1; d1 ⊃ s2.
  for (const [id, level, parent] of [['d1', 'district', null], ['s1', 'street', 'd1'], ['s2', 'street', 'd1'], ['c1', 'community', 's1']] as const) {
    await h.infra.store.append(`region-${id}`, [region(id, level, parent)], { expectedRevision: 'no-stream' });
  }
  await h.service.caughtUp();
});
afterAll(() => h.close());

test('a notice editor posts to a community in scope and reads it back', async () => {
  const editor = await h.token('notice-editor', ['s1']);
  const posted = await h.post('/v1/notices', { regionId: 'c1', title: '换届选举公告', on: '2026-03-01' }, editor);
  expect(posted.statusCode).toBe(201);
  const { id } = posted.json() as { id: string };
  expect(posted.headers.location).toBe(`/v1/notices/${id}`);
  const read = await h.get(`/v1/notices/${id}`, editor);
  expect(read.json()).toEqual({ noticeId: id, regionId: 'c1', title: '换届选举公告', on: '2026-03-01' });
});

test('outside the caller’s scope is 404, as if the region did not exist', async () => {
  const editor = await h.token('notice-editor', ['s2']);
  const outside = await h.post('/v1/notices', { regionId: 'c1', title: '公告', on: '2026-03-01' }, editor);
  const unknown = await h.post('/v1/notices', { regionId: 'nowhere', title: '公告', on: '2026-03-01' }, editor);
  expect([outside.statusCode, unknown.statusCode]).toEqual([404, 404]);
});

test('a role the routes do not admit is 403; a field that breaks its rule is 400 naming it', async () => {
  const auditor = await h.token('auditor', ['*']);
  expect((await h.post('/v1/notices', { regionId: 'c1', title: '公告', on: '2026-03-01' }, auditor)).statusCode).toBe(403);
  const editor = await h.token('notice-editor', ['d1']);
  const bad = await h.post('/v1/notices', { regionId: 'c1', title: '公告', on: '1 March' }, editor);
  expect(bad.statusCode).toBe(400);
  expect(bad.json().errors[0]).toMatchObject({ field: 'on' });
});
