// The auditors' questions over HTTP: timeline, as-of/known-at, why, overpayments; each recorded on the audit stream.
import { people } from '../application/people';
import { grant, household, tokensFor, type Tokens } from './assistance-steps';
import { seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let t: Tokens;
let auditor: string;
let hh: { id: string; person: (relation: string) => string };
let caseId: string;
let deathRecordedAt: string;

beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  t = await tokensFor(h);
  auditor = await h.token('auditor', [h.regions.d1!], 'auditor-qian');
  hh = await household(h, t.worker, h.regions.g1!, [people.head, people.spouse]);
  caseId = await grant(h, t, hh.id, { program: 'minimum-living' }, '2020-04-01', { class: 'A' });
  // Died mid-2024, recorded only now: the 低保 kept paying for two.
  const died = await h.post(`/v1/residents/${hh.person('spouse')}/death`, { diedOn: '2024-06-15', evidence: 'data-cross-check' }, t.worker);
  if (died.statusCode !== 200) throw new Error(`death: ${died.statusCode} ${died.body}`);
  const [death] = (await h.infra.store.readStream(`household-${hh.id}`)).filter((e) => e.type === 'grid-records.resident.died');
  deathRecordedAt = death!.recordedAt;
});
afterAll(() => h.close());

const auditQueries = async () => {
  const out = [];
  for await (const e of h.infra.store.readAll()) if (e.type === 'grid-records.audit.query-recorded') out.push(e);
  return out;
};
const noPersonalData = (body: string) => {
  for (const p of [people.head, people.spouse]) {
    expect(body).not.toContain(p.name);
    expect(body).not.toContain(p.idNumber);
    expect(body).not.toContain(p.phone);
  }
};

describe('GET /v1/audit/households/{id}/timeline', () => {
  it('reads the household, its case and the death in log order, with labels, rules, late recording and masked names', async () => {
    const res = await h.get(`/v1/audit/households/${hh.id}/timeline`, auditor);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.streams).toEqual([`household-${hh.id}`, `assistance-${caseId}`]);
    const entries = body.entries as { position: number; type: string; label: { zh: string; en: string }; rule: { rule: string; source: string } | null; recordedLateDays: number; eventId: string; causationId: string | null; decidedBy: { id: string } | null; data: Record<string, unknown> }[];
    expect(entries.map((e) => e.position)).toEqual([...entries.map((e) => e.position)].sort((a, b) => a - b));
    const death = entries.find((e) => e.type === 'grid-records.resident.died')!;
    expect(death.label).toMatchObject({ zh: '死亡登记', en: 'death recorded' });
    expect(death.recordedLateDays).toBeGreaterThan(365);
    const approved = entries.find((e) => e.type === 'grid-records.assistance.approved')!;
    expect(approved.rule!.rule).toBe('minimum-living');
    expect(approved.rule!.source).toContain('社会救助暂行办法');
    const coverageEnded = entries.find((e) => e.type === 'grid-records.assistance.coverage-ended')!;
    expect(coverageEnded.causationId).toBe(death.eventId);
    const registered = entries.find((e) => e.type === 'grid-records.household.registered')!;
    expect((registered.data.members as { name: string; birthDate: string }[])[0]).toMatchObject({ name: '王**', birthDate: '1952' });
    noPersonalData(res.body);
  });

  it('is recorded on the audit stream: who asked which question about which household, and nothing personal', async () => {
    const before = (await auditQueries()).length;
    await h.get(`/v1/audit/households/${hh.id}/timeline`, auditor);
    const recorded = (await auditQueries()).slice(before);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.streamId).toBe(`audit-${recorded[0]!.recordedAt.slice(0, 10)}`);
    expect(recorded[0]!.data).toEqual({ query: 'timeline', subject: { kind: 'household', id: hh.id }, parameters: {}, by: { id: 'auditor-qian', role: 'auditor' } });
  });

  it('is for auditors, in their scope', async () => {
    expect((await h.get(`/v1/audit/households/${hh.id}/timeline`, t.district)).statusCode).toBe(403);
    const far = await h.token('auditor', [h.regions.s2!], 'auditor-far');
    expect((await h.get(`/v1/audit/households/${hh.id}/timeline`, far)).statusCode).toBe(404);
    expect((await h.get('/v1/audit/households/nobody/timeline', auditor)).statusCode).toBe(404);
  });
});

describe('GET /v1/audit/households/{id}?validAt&knownAt', () => {
  it('as known before the death was recorded, the spouse lived and was covered; the death shows as learned later', async () => {
    const knownAt = new Date(Date.parse(deathRecordedAt) - 1).toISOString();
    const res = await h.get(`/v1/audit/households/${hh.id}?validAt=2024-12-31&knownAt=${knownAt}`, auditor);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const spouse = body.household.members.find((m: { personId: string }) => m.personId === hh.person('spouse'));
    expect(spouse).toMatchObject({ diedOn: null, present: true, birthYear: '1950' });
    expect(body.statuses).toEqual([expect.objectContaining({ caseId, inForce: true, coveredPersonIds: [hh.person('head'), hh.person('spouse')] })]);
    expect(body.learnedLater.map((e: { type: string }) => e.type)).toContain('grid-records.resident.died');
    noPersonalData(res.body);
  });

  it('as known now, the spouse died on 2024-06-15 and the status covers the head alone', async () => {
    const body = (await h.get(`/v1/audit/households/${hh.id}?validAt=2024-12-31`, auditor)).json();
    const spouse = body.household.members.find((m: { personId: string }) => m.personId === hh.person('spouse'));
    expect(spouse).toMatchObject({ diedOn: '2024-06-15', present: false });
    expect(body.statuses[0].coveredPersonIds).toEqual([hh.person('head')]);
    expect(body.explainedBy.map((e: { type: string }) => e.type)).toContain('grid-records.resident.died');
    expect(body.learnedLater).toEqual([]);
  });

  it('before the grant took effect nothing was in force', async () => {
    const body = (await h.get(`/v1/audit/households/${hh.id}?validAt=2020-03-31`, auditor)).json();
    expect(body.statuses.every((s: { inForce: boolean }) => !s.inForce)).toBe(true);
  });

  it('refuses a date that is not a date, naming the field', async () => {
    const res = await h.get(`/v1/audit/households/${hh.id}?validAt=31.12.2024`, auditor);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toContain('validAt');
  });
});

describe('GET /v1/audit/households/{id}/why/{status}', () => {
  it('explains the 低保 step by step: who entered and who decided, the rule, and the death that caused the coverage end', async () => {
    const res = await h.get(`/v1/audit/households/${hh.id}/why/minimum-living`, auditor);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ program: 'minimum-living', term: '低保' });
    const [c] = body.cases;
    expect(c).toMatchObject({ caseId, stage: 'active', effectiveFrom: '2020-04-01' });
    const approved = c.steps.find((s: { type: string }) => s.type === 'grid-records.assistance.approved');
    expect(approved.label.command).toBe('approve');
    expect(approved.actor).toMatchObject({ id: 'district-chen' });
    expect(approved.evidence).toMatchObject({ approverLevel: 'district' });
    const ended = c.steps.find((s: { type: string }) => s.type === 'grid-records.assistance.coverage-ended');
    expect(ended.causedBy[0]).toMatchObject({ type: 'grid-records.resident.died', data: expect.objectContaining({ evidence: 'data-cross-check' }) });
    noPersonalData(res.body);
  });

  it('follows the coverage end into the help project whose enrolment it ended, through the store (another service’s event)', async () => {
    const coverageEnded = (await h.infra.store.readStream(`assistance-${caseId}`)).find((e) => e.type === 'grid-records.assistance.coverage-ended')!;
    // What help-projects' household-facts reaction writes on its own stream, naming the grid-records event as its cause.
    const data = { projectId: 'bathing', enrolmentId: 'en-1', householdId: hh.id, endedOn: '2024-06-15', cause: 'status-ended', causeEventId: coverageEnded.eventId, by: { id: 'help-projects-household-facts', role: 'system' } };
    const actor = { id: 'help-projects-household-facts', role: 'system' };
    const [ended] = (await h.infra.store.append('project-bathing', [{ type: 'help-projects.project.enrolment-ended', data, actor, causationId: coverageEnded.eventId }], { expectedRevision: 'any' })).events;
    const [c] = (await h.get(`/v1/audit/households/${hh.id}/why/minimum-living`, auditor)).json().cases;
    const step = c.steps.find((s: { eventId: string }) => s.eventId === coverageEnded.eventId);
    expect(step.ledTo).toEqual([{ position: expect.any(Number), streamId: 'project-bathing', eventId: ended!.eventId, type: 'help-projects.project.enrolment-ended' }]);
    expect(c.steps.filter((s: { ledTo: unknown[] }) => s.ledTo.length > 0)).toHaveLength(1);
  });

  it('refuses a status that is not a program', async () => {
    expect((await h.get(`/v1/audit/households/${hh.id}/why/rich`, auditor)).statusCode).toBe(400);
  });
});

describe('GET /v1/audit/regions/{id}/overpayments', () => {
  it('finds the months the 低保 paid for the dead spouse, per person, with the street’s total', async () => {
    const res = await h.get(`/v1/audit/regions/${h.regions.d1}/overpayments`, auditor);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.findings).toHaveLength(1);
    const [f] = body.findings;
    expect(f).toMatchObject({ regionId: h.regions.s1, householdId: hh.id, caseId, personIds: [hh.person('spouse')], cause: 'death', endedOn: '2024-06-15' });
    expect(f.months[0].month).toBe('2024-07');
    expect(f.months.at(-1).month).toBe(f.recordedOn.slice(0, 7));
    // Paid for two, due for one: each month's excess is one person's share.
    for (const m of f.months) expect(m).toEqual({ month: m.month, paidFen: 2 * m.dueFen, dueFen: m.dueFen, overFen: m.dueFen });
    expect(body.regions).toEqual([{ regionId: h.regions.s1, name: '测试s1', findings: 1, persons: 1, months: f.months.length, amountFen: f.amountFen }]);
    expect(body.totalFen).toBe(f.amountFen);
  });

  it('exports CSV: one line per finding, ids and amounts only', async () => {
    const res = await h.get(`/v1/audit/regions/${h.regions.d1}/overpayments?format=csv`, auditor);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toBe('regionId,householdId,caseId,program,term,personIds,cause,endedOn,recordedOn,months,amountFen,amountYuan');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`${hh.id},${caseId},minimum-living,低保,${hh.person('spouse')},death,2024-06-15`);
    noPersonalData(res.body);
  });

  it('finds nothing in a region whose ends were recorded on time', async () => {
    expect((await h.get(`/v1/audit/regions/${h.regions.s2}/overpayments`, auditor)).json()).toMatchObject({ findings: [], totalFen: 0 });
  });
});

describe('GET /v1/audit/{regions|grids}/{id}: grid-records’ other aggregates as of a date', () => {
  it('a grid did not exist before it was set up; as of mid-2020 it is open, its roster has the worker assigned from its first day', async () => {
    expect((await h.get(`/v1/audit/regions/${h.regions.g1}?validAt=2019-12-31`, auditor)).json()).toMatchObject({ state: null, explainedBy: [] });
    const region = await h.get(`/v1/audit/regions/${h.regions.g1}?validAt=2020-06-30`, auditor);
    expect(region.statusCode).toBe(200);
    expect(region.json()).toMatchObject({ aggregate: 'regions', state: { regionId: h.regions.g1, level: 'grid', status: 'open' } });
    const roster = (await h.get(`/v1/audit/grids/${h.regions.g1}?validAt=2020-06-30`, auditor)).json();
    expect(roster.state.assignments).toEqual([expect.objectContaining({ workerId: 'worker-li', from: '2020-01-01' })]);
    const day = new Date().toISOString().slice(0, 10);
    expect((await h.infra.store.readStream(`auditlog-grid-records-${day}`)).map((e) => e.data.subject)).toContainEqual({ aggregate: 'grids', id: h.regions.g1 });
  });

  it('is for auditors in their regions', async () => {
    expect((await h.get(`/v1/audit/grids/${h.regions.g1}`, t.district)).statusCode).toBe(403);
    const far = await h.token('auditor', [h.regions.s2!], 'auditor-far');
    expect((await h.get(`/v1/audit/grids/${h.regions.g1}`, far)).statusCode).toBe(404);
  });
});
