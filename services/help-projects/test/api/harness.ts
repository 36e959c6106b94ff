import { startServiceHarness, type ServiceHarness } from '@grid/platform/service';
import type { HelpProjectsServices } from '../../src/composition';
import { helpProjects } from '../../src/definition';
import { appendRegions } from './grid-records-events';

export type Harness = ServiceHarness<HelpProjectsServices>;

/** The service on embedded adapters with the test region tree; the read side inline so tests need no build. */
export async function startHarness(): Promise<Harness> {
  const h = await startServiceHarness(helpProjects, { READ_SIDE: 'inline' });
  await appendRegions(h.infra.store);
  await h.service.caughtUp();
  return h;
}

type Json = Record<string, unknown> & { id: string };

/** Joins a member as the operator of `scope`; returns its id. */
export async function joinMember(h: Harness, operator: string, regionId: string, name = '区红十字会', level = 'township'): Promise<string> {
  const r = await h.post('/v1/members', { name, kind: 'social-organisation', level, regionId, on: '2025-01-01' }, operator);
  if (r.statusCode !== 201) throw new Error(`join: ${r.statusCode} ${r.body}`);
  return (r.json() as Json).id;
}

export async function publishProject(h: Harness, token: string, memberId: string, rule: unknown, over: Record<string, unknown> = {}): Promise<string> {
  const body = { memberId, title: '失能老人免费助浴', category: 'bathing', rule, capacity: 10, from: '2025-01-01', until: '2026-12-31', on: '2025-01-02', ...over };
  const r = await h.post('/v1/projects', body, token);
  if (r.statusCode !== 201) throw new Error(`publish: ${r.statusCode} ${r.body}`);
  return (r.json() as Json).id;
}
