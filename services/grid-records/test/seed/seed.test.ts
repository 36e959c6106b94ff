// The demo seeder: same seed, same district; every generated identity valid; chains intact; and nothing personal
// in clear anywhere in the data folder's files (issue 4), after the relay has copied the events to the bus too.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATEGORY_OWNERS, categoryOf, streamCategoriesOf, type Envelope } from '@grid/contracts';
import { loadConfig, openInfrastructure, startRelay, verifyAll, type Config, type Infrastructure } from '@grid/platform';
import { GRID_RECORDS_CATEGORIES } from '../../src/application/streams';
import { checkIdNumber } from '../../src/domain';
import { isSealed } from '../../src/application/personal-data';
import { planDistrict, seedLayout, seedService, type SeedResult } from '../../src/seed';
import { startGridRecords } from '../../src/definition';

const SIZE = { seed: 7, households: 50 } as const;
// One master key for both runs: person ids derive from the keyed ID hash, so they match only under the same key.
const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

interface Seeded {
  dir: string;
  config: Config;
  infra: Infrastructure;
  result: SeedResult;
}

async function seedInto(): Promise<Seeded> {
  const dir = mkdtempSync(join(tmpdir(), 'grid-seed-'));
  const config = loadConfig({
    DATA_DIR: dir,
    SQLITE_SYNCHRONOUS: 'OFF',
    PERSONAL_DATA_MASTER_KEY: MASTER_KEY,
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
  });
  const infra = await openInfrastructure(config);
  // As `npm start` does: the running service, with its read models, reactions and relay.
  const service = await startGridRecords({ config, infra, port: 0 });
  try {
    const result = await seedService(service, infra.store, { ...SIZE, concurrency: 8 });
    return { dir, config, infra, result };
  } finally {
    await service.close();
  }
}

async function events(s: Seeded): Promise<Envelope[]> {
  const all: Envelope[] = [];
  for await (const e of s.infra.store.readAll()) all.push(e);
  return all;
}

/** An event as far as the seed decides it: sealed values and recording times differ run to run by design. */
const decided = (e: Envelope) => ({
  eventId: e.eventId,
  streamId: e.streamId,
  streamRevision: e.streamRevision,
  type: e.type,
  occurredAt: e.occurredAt,
  actor: e.actor,
  reason: e.reason,
  data: JSON.parse(JSON.stringify(e.data), (_k, v: unknown) => (isSealed(v) ? '<sealed>' : v)) as unknown,
});

/** References to ID numbers are random per key file (docs/audit.md, Erasure): compared by the person they stand beside. */
function byPerson(es: Envelope[]): Envelope[] {
  const named = new Map<string, string>();
  const collect = (_k: string, v: unknown) => {
    const o = v as { idHash?: unknown; personId?: unknown } | null;
    if (o && typeof o === 'object' && typeof o.idHash === 'string' && typeof o.personId === 'string') named.set(o.idHash, o.personId);
    return v;
  };
  for (const e of es) JSON.stringify(e.data, collect);
  const swap = (text: string) => text.replace(/[0-9a-f]{64}/g, (hex) => (named.has(hex) ? `ref:${named.get(hex)}` : hex));
  return es.map((e) => ({ ...e, streamId: swap(e.streamId), data: JSON.parse(swap(JSON.stringify(e.data))) as Envelope['data'] }));
}

describe('the demo seeder', () => {
  let a: Seeded;
  let b: Seeded;

  beforeAll(async () => {
    a = await seedInto();
    b = await seedInto();
  }, 60_000);

  afterAll(async () => {
    for (const s of [a, b]) {
      await s?.infra.close().catch(() => undefined);
      if (s) rmSync(s.dir, { recursive: true, force: true });
    }
  });

  test('the same seed writes the same district: the same events, ids and facts, in every stream', async () => {
    const [ea, eb] = [await events(a), await events(b)];
    expect(ea.length).toBeGreaterThan(SIZE.households);
    // Global order interleaves concurrent households differently; each stream's history is what is decided. Households
    // entering one grid at once are admitted on its stream in whichever order they reach it: compared without their place.
    // Identity streams are named by the random reference (byPerson), and their event ids derive from the name.
    const placeless = (d: ReturnType<typeof decided>) =>
      d.type.startsWith('grid-records.region.household-')
        ? { ...d, eventId: '', streamRevision: -1 }
        : d.type.startsWith('grid-records.identity.')
          ? { ...d, eventId: '' }
          : d;
    const order = (x: ReturnType<typeof decided>, y: ReturnType<typeof decided>) =>
      x.streamId !== y.streamId
        ? x.streamId < y.streamId ? -1 : 1
        : x.streamRevision - y.streamRevision || JSON.stringify(x.data).localeCompare(JSON.stringify(y.data));
    const byStream = (es: Envelope[]) => byPerson(es).map(decided).map(placeless).sort(order);
    expect(byStream(eb)).toEqual(byStream(ea));
    expect(b.result.regionIds).toEqual(a.result.regionIds);
    expect(b.result.counts).toEqual(a.result.counts);
  });

  test('statuses go through the whole lifecycle: applied, checked, reviewed, noticed, approved, effective 2020–2026', async () => {
    expect(a.result.counts.cases).toBeGreaterThan(5);
    const all = await events(a);
    const approved = all.filter((e) => e.type === 'grid-records.assistance.approved');
    expect(approved.length).toBeGreaterThan(3);
    for (const e of approved) expect((e.data as { effectiveFrom: string }).effectiveFrom).toMatch(/^202[0-6]-/);
    const applied = all.filter((e) => e.type === 'grid-records.assistance.applied');
    expect(new Set(applied.map((e) => (e.data as { program: string }).program)).size).toBeGreaterThan(3);
    // Every approved case came through its program's steps, recorded by the application, not written as events.
    const steps = new Set(all.filter((e) => e.streamId.startsWith('assistance-')).map((e) => e.type.split('.').pop()));
    expect([...steps]).toEqual(expect.arrayContaining(['applied', 'home-checked', 'reviewed', 'notice-published', 'approved']));
    expect(applied.every((e) => e.reason === '演示数据 · demo seed' && e.actor.role === 'grid-worker')).toBe(true);
  });

  test('every event is on a stream its type declares, so the AsyncAPI lists it on the topic it travels on', async () => {
    // An event declared on no stream is one the service keeps: its stream has no topic.
    const placed = (e: Envelope): boolean => {
      const declared: readonly string[] = streamCategoriesOf(e.type);
      const category = categoryOf(e.streamId);
      return declared.length === 0 ? !(category in CATEGORY_OWNERS) : declared.includes(category);
    };
    const all = await events(a);
    expect([...new Set(all.map((e) => categoryOf(e.streamId)))]).toEqual(expect.arrayContaining(['region', 'grid', 'household', 'assistance', 'identity']));
    expect(all.filter((e) => !placed(e)).map((e) => `${e.type} on ${e.streamId}`)).toEqual([]);
  });

  test('region ids are known before seeding (the layout a restart finds its tokens by)', () => {
    const layout = seedLayout(SIZE);
    expect(layout.regionIds).toEqual(a.result.regionIds);
    expect(layout.workers.map((w) => w.gridId).every((id) => Object.values(a.result.regionIds).includes(id))).toBe(true);
  });

  test('a different seed makes different people', () => {
    const names = (seed: number) => planDistrict({ seed, households: 20 }).households.map((h) => h.members[0]!.idNumber);
    expect(names(1)).not.toEqual(names(2));
    expect(names(1)).toEqual(names(1));
  });

  test('every generated 身份证 number passes GB 11643 with a Yongzhou (4311xx) region code and matches its birth date and sex', () => {
    const plan = planDistrict(SIZE);
    const people = plan.households.flatMap((h) => [...h.members, ...h.births]);
    expect(people.length).toBeGreaterThan(SIZE.households);
    expect(new Set(people.map((p) => p.idNumber)).size).toBe(people.length);
    for (const p of people) {
      const checked = checkIdNumber(p.idNumber, plan.options.asOf);
      expect(checked).toMatchObject({ ok: true, birthDate: p.birthDate, sex: p.sex });
      expect(p.idNumber.slice(0, 4)).toBe('4311');
      if (p.phone !== undefined) expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
    }
    expect(
      plan.households.every((h) => h.members.filter((m) => m.relation === 'head').length === 1 && h.members[0]!.relation === 'head'),
    ).toBe(true);
  });

  test('every hash chain verifies', async () => {
    const result = await verifyAll(a.infra.store);
    expect(result).toMatchObject({ ok: true, firstFault: null });
    expect(result.eventsChecked).toBe(await a.infra.store.headPosition());
  });

  test('the raw SQLite files (store, bus, read models, keys) hold no seeded name, ID number, phone or address in clear', async () => {
    // The service's relay may have stopped short of the head: finish the copy to the bus, a second copy on disk.
    const relay = await startRelay({
      store: a.infra.store,
      bus: a.infra.bus,
      checkpoint: 'relay:grid-records',
      categories: GRID_RECORDS_CATEGORIES,
    });
    await relay.caughtUp();
    await relay.close();
    await a.infra.close();
    const plan = planDistrict(SIZE);
    const secrets = plan.households.flatMap((h) => [
      h.address,
      ...[...h.members, ...h.births].flatMap((p) => [p.name, p.idNumber, ...(p.phone ? [p.phone] : [])]),
      // Also sealed: a caregiver's name (特困 agreements) and what a visitor noted about the family.
      ...h.cases.flatMap((c) => (c.open.caregiverAgreement ? [c.open.caregiverAgreement.caregiverName] : [])),
      ...h.visits.flatMap((v) => (v.note ? [v.note] : [])),
    ]);
    const files = listFiles(a.dir);
    expect(files.map((f) => f.slice(a.dir.length + 1))).toEqual(expect.arrayContaining(['grid.db', 'bus.db', 'documents.db']));
    const raw = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(raw.length).toBeGreaterThan(100_000);
    const found = secrets.filter((s) => raw.includes(Buffer.from(s, 'utf8')));
    // Report how many leaked, never which (the test log is a log too).
    expect({ leaked: found.length, of: secrets.length }).toEqual({ leaked: 0, of: secrets.length });
    // The check itself can see: the region names it does not protect are in clear.
    expect(raw.includes(Buffer.from('冷水滩区', 'utf8'))).toBe(true);
  });
});

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
