// The demo consortium `npm start` seeds over grid-records' demo district: here over a small district of appended
// grid-records events, through the running service's own commands.
import { helpProjectsDemo } from '../../src/seed/demo';
import { grantExtremePoverty, recordVisit, registerHousehold } from './grid-records-events';
import { startHarness, type Harness } from './harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  for (let i = 0; i < 12; i++) {
    const grid = ['g1', 'g2', 'g3'][i % 3]!;
    await registerHousehold(h.infra.store, `h${i}`, grid, [[`p${i}`, i % 2 === 0 ? '1940-01-01' : '1990-01-01']]);
    if (i % 2 === 0) await grantExtremePoverty(h.infra.store, `h${i}`, `p${i}`, `case-${i}`, '2025-06-01');
    if (i % 4 === 0) await recordVisit(h.infra.store, `h${i}`, [`p${i}`], `visit-${i}`, '2026-02-01');
  }
});
afterAll(() => h.close());

test('members on three levels, the four kinds of project with enrolled eligible households, services and rates; found again later', async () => {
  const lines: string[] = [];
  const info = await helpProjectsDemo.seed({ services: h.service.services, store: h.infra.store, size: 12, signal: new AbortController().signal, progress: (l) => lines.push(l), caughtUp: () => h.service.caughtUp() });
  const operator = await h.token('consortium-operator', ['d']);
  const members = (await h.get('/v1/members', operator)).json() as { members: { level: string }[] };
  expect(new Set(members.members.map((m) => m.level))).toEqual(new Set(['county', 'township', 'village']));
  const projects = (await h.get('/v1/projects', operator)).json() as { projects: { projectId: string; category: string }[] };
  expect(projects.projects.map((p) => p.category).sort()).toEqual(['bathing', 'canteen-rice', 'care-bed', 'home-repair']);
  const bathing = projects.projects.find((p) => p.category === 'bathing')!;
  const enrolments = (await h.get(`/v1/projects/${bathing.projectId}/enrolments`, operator)).json() as { enrolments: { enrolmentId: string; householdId: string }[] };
  expect(enrolments.enrolments.map((e) => e.householdId).sort()).toEqual(['h0', 'h10', 'h2', 'h4', 'h6', 'h8']);
  const served = (await h.get(`/v1/enrolments/${enrolments.enrolments[0]!.enrolmentId}/services`, operator)).json() as { services: unknown[] };
  expect(served.services.length).toBeGreaterThan(0);
  const rates = (await h.get('/v1/regions/d/rates?from=2026-01-01&to=2026-06-30', operator)).json() as { rates: { rate: string; denominator: number }[] };
  expect(rates.rates.map((r) => [r.rate, r.denominator > 0])).toEqual([
    ['joint-handling', true],
    ['visit-care', true],
    ['benefit-list', true],
  ]);
  expect(info!.users.map((u) => u.role)).toEqual(['consortium-operator', 'consortium-member']);
  expect(await helpProjectsDemo.find(h.infra.store)).toMatchObject({ users: info!.users });
});
