import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryDocumentStore, type DocumentStore } from '@grid/platform';
import { foldHouseholdView } from '../../src/projections/households/household-view';
import { gridRecordsProjections, rebuildReadModels } from '../../src/projections/read-models';
import { people } from '../application/people';
import { gridWorker, seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let hid: string;
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  const worker = await gridWorker(h, 'd1', 'worker-li');
  const official = await h.token('district-official', [h.regions.d1!]);
  hid = (
    await h.post(
      '/v1/households',
      {
        gridId: h.regions.g1,
        address: '梅湾路12号3栋201',
        registration: 'urban',
        members: [people.head, people.spouse, people.child],
        on: '2020-01-10',
      },
      worker,
    )
  ).json().id;
  const other = (
    await h.post(
      '/v1/households',
      { gridId: h.regions.g3, address: '翠竹路8号', registration: 'rural', members: [people.other], on: '2020-02-01' },
      worker,
    )
  ).json().id;
  const members = (await h.get(`/v1/households/${hid}`, worker)).json().members as { personId: string; relation: string }[];
  const personOf = (relation: string) => members.find((m) => m.relation === relation)!.personId;
  const steps = [
    await h.post(
      `/v1/residents/${personOf('spouse')}/disability-certificate`,
      { kind: 'visual', grade: 1, certificateNo: `${people.spouse.idNumber}11`, certifiedOn: '2020-03-01' },
      worker,
    ),
    await h.post(`/v1/households/${hid}/members`, { member: people.grandson, on: '2020-04-01' }, worker),
    await h.post(`/v1/households/${other}/transfer`, { toGridId: h.regions.g2, on: '2020-05-01' }, worker),
    await h.post(`/v1/regions/${h.regions.c2}/move`, { toParentId: h.regions.s1, change: 'merge', on: '2020-06-01' }, official),
    await h.get(`/v1/households/${hid}?reveal=true&reason=audit`, await h.token('auditor', ['*'])),
    await h.post(`/v1/residents/${personOf('child')}/death`, { diedOn: '2020-07-01', evidence: 'death-certificate' }, worker),
  ];
  expect(steps.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
});
afterAll(() => h.close());

/** Every byte the service wrote to its data folder: event store, bus, read models, their WAL files. */
function dataFiles(dir: string): { name: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ name: join(e.parentPath, e.name), bytes: readFileSync(join(e.parentPath, e.name)) }));
}

/** A text as it could sit in a file: UTF-8, and JSON's \u escapes of its non-ASCII characters. */
const escaped = (text: string): string =>
  [...text].map((c) => (c.charCodeAt(0) > 0x7f ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
const forms = (text: string): Buffer[] => [Buffer.from(text, 'utf8'), Buffer.from(escaped(text), 'utf8')];

describe('personal data at rest', () => {
  it('no SQLite file in the data folder holds a registered person’s ID number, name or phone in clear', async () => {
    const secrets = [people.head, people.spouse, people.child, people.other, people.grandson].flatMap((p) => [
      p.idNumber,
      p.name,
      ...('phone' in p ? [p.phone] : []),
    ]);
    secrets.push(`${people.spouse.idNumber}11`, '梅湾路12号3栋201', '翠竹路8号');
    const files = dataFiles(h.config.dataDir);
    expect(files.map((f) => f.name).some((n) => n.endsWith('grid.db'))).toBe(true);
    expect(files.map((f) => f.name).some((n) => n.endsWith('documents.db'))).toBe(true);
    // The scan does see clear text where there is some: region names are not personal data.
    expect(files.some((f) => f.bytes.includes(Buffer.from('测试c1', 'utf8')))).toBe(true);
    const found = files.flatMap((f) =>
      secrets.filter((s) => forms(s).some((form) => f.bytes.includes(form))).map((s) => `${f.name}: ${s}`),
    );
    expect(found).toEqual([]);
  });

  it('no log line holds them either', () => {
    expect(h.logLines.length).toBeGreaterThan(0);
    const secrets = [people.head.idNumber, people.head.name, people.head.phone, people.spouse.idNumber];
    expect(h.logLines.filter((line) => secrets.some((s) => line.includes(s)))).toEqual([]);
  });
});

describe('read models', () => {
  /** Every document of every read model, bookkeeping included except the store's own version counter. */
  async function snapshot(documents: DocumentStore): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const { projection } of gridRecordsProjections(documents)) {
      for (const c of projection.collections) {
        out[c] = (await documents.collection(c).find()).map(({ _version, ...doc }) => doc);
      }
    }
    return out;
  }

  it('a rebuild from the store equals the live read models', async () => {
    const live = await snapshot(h.infra.documents);
    expect(live.households!.length).toBe(2);
    expect(live.regions!.length).toBe(8);
    const rebuilt = new MemoryDocumentStore();
    await rebuildReadModels(h.infra.store, rebuilt);
    expect(await snapshot(rebuilt)).toEqual(live);
  });

  it('the household read model equals the fold of its stream that GET serves', async () => {
    const doc = await h.infra.documents.collection('households').get(hid);
    const { _id, _seen, _version, ...projected } = doc as Record<string, unknown>;
    expect(projected).toEqual(foldHouseholdView(await h.infra.store.readStream(`household-${hid}`)));
  });
});
