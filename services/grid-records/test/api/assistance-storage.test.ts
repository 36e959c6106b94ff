import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryDocumentStore, type DocumentStore } from '@grid/platform';
import { gridRecordsProjections, rebuildReadModels } from '../../src/projections/read-models';
import { people } from '../application/people';
import { grant, household, open, step, tokensFor } from './assistance-steps';
import { seedRegions, startHarness, type Harness } from './harness';

// Personal data that only assistance work brings in: a caregiver's name, a home-check note, a visit note.
const CAREGIVER = '欧阳春花';
const CHECK_NOTE = '独居, 行动不便, 靠邻居送饭';
const VISIT_NOTE = '老人说儿子在广东打工';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  const t = await tokensFor(h);
  const hh = await household(h, t.worker, h.regions.g1!, [people.head, people.spouse]);
  const caseId = (
    await open(h, t.worker, hh.id, {
      program: 'extreme-poverty',
      personId: hh.person('head'),
      mode: 'dispersed',
      careLevel: 'semi-disabled',
      caregiverAgreement: { agreementId: 'zh-2020-1', caregiverName: CAREGIVER, signedOn: '2020-03-01' },
      appliedOn: '2020-03-02',
    })
  ).json().id;
  const steps = [
    await step(h, t.worker, caseId, { step: 'home-check', effectiveDate: '2020-03-05', findings: ['verified'], note: CHECK_NOTE }),
    await step(h, t.street, caseId, { step: 'review', effectiveDate: '2020-03-10', recommended: true }),
    await step(h, t.street, caseId, { step: 'notice', effectiveDate: '2020-03-11', days: 7 }),
    await step(h, t.district, caseId, { step: 'approve', effectiveDate: '2020-04-01', decidedOn: '2020-03-20' }),
    await h.post(
      `/v1/households/${hh.id}/visits`,
      { visitedOn: '2020-05-01', kind: 'care', findings: ['all-well'], note: VISIT_NOTE },
      t.worker,
    ),
    await h.post(
      `/v1/residents/${hh.person('head')}/death`,
      { diedOn: '2021-02-01', evidence: 'death-certificate', newHeadId: hh.person('spouse') },
      t.worker,
    ),
  ];
  expect(steps.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 201, 200]);
  await grant(h, t, hh.id, { program: 'minimum-living', coveredPersonIds: [hh.person('spouse')] }, '2020-04-01', { class: 'C' });
  const read = (await h.get(`/v1/assistance/${caseId}`, t.worker)).json();
  expect(read).toMatchObject({ stage: 'ended', endedOn: '2021-02-01', terms: { caregiverAgreement: { caregiverName: CAREGIVER } } });
  const masked = (await h.get(`/v1/assistance/${caseId}`, t.district)).json();
  expect(masked.terms.caregiverAgreement.caregiverName).toBe('欧***');
});
afterAll(() => h.close());

const escaped = (text: string): string =>
  [...text].map((c) => (c.charCodeAt(0) > 0x7f ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');

describe('assistance data at rest and in logs', () => {
  it('no file in the data folder and no log line holds the caregiver’s name or the notes in clear', () => {
    const files = readdirSync(h.config.dataDir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => readFileSync(join(e.parentPath, e.name)));
    const secrets = [CAREGIVER, CHECK_NOTE, VISIT_NOTE];
    const found = secrets.filter((s) => files.some((f) => f.includes(Buffer.from(s)) || f.includes(Buffer.from(escaped(s)))));
    expect(found).toEqual([]);
    expect(h.logLines.filter((line) => secrets.some((s) => line.includes(s)))).toEqual([]);
  });
});

describe('read models with assistance', () => {
  async function snapshot(documents: DocumentStore): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const { projection } of gridRecordsProjections(documents)) {
      for (const c of projection.collections) out[c] = (await documents.collection(c).find()).map(({ _version, ...doc }) => doc);
    }
    return out;
  }

  it('a rebuild from the store equals the live read models (cases, visits, statuses summary)', async () => {
    const live = await snapshot(h.infra.documents);
    expect(live.assistance_cases!.length).toBe(2);
    expect(live.visits!.length).toBe(1);
    expect(live.households!.some((d) => (d as { statuses: unknown[] }).statuses.length === 1)).toBe(true);
    const rebuilt = new MemoryDocumentStore();
    await rebuildReadModels(h.infra.store, rebuilt);
    expect(await snapshot(rebuilt)).toEqual(live);
  });
});
