// gridctl's audit questions and read-model checks on a seeded demo district (a small one), the server stopped.
import type { Sealed } from '@grid/contracts';
import { gridRecords, seedDistrict, type GridRecordsServices, type SeedResult } from '@grid/grid-records';
import { startServiceHarness, type ServiceHarness } from '@grid/platform/service';
import { gridctl as run, gridctlOnHarness } from './scratch';

let h: ServiceHarness<GridRecordsServices>;
let seeded: SeedResult;
const onHarness = gridctlOnHarness();

beforeAll(async () => {
  h = await startServiceHarness(gridRecords, { READ_SIDE: 'inline' });
  seeded = await seedDistrict({ services: h.service.services, store: h.infra.store }, { households: 40 });
  await recordLateDeath();
  await h.service.caughtUp();
  await onHarness.handOver(h);
}, 120_000);

let deadPerson: string;
/** A household with a member's death recorded now, years after it: its statuses end by rule, late. */
let withDeath: string;
async function recordLateDeath(): Promise<void> {
  for (const { id } of seeded.households) {
    const [registered] = await h.infra.store.readStream(`household-${id}`);
    const data = registered!.data as { on: string; headId: string; members: { personId: string }[] };
    const other = data.members.find((m) => m.personId !== data.headId);
    if (data.on >= '2023-01-01' || !other) continue;
    const ctx = { actor: { id: 'worker-li', role: 'grid-worker' } };
    await h.service.services.households.recordDeath(id, other.personId, { diedOn: '2023-05-10', evidence: 'data-cross-check' }, ctx);
    withDeath = id;
    deadPerson = other.personId;
    return;
  }
  throw new Error('the seed has no household of two registered before 2023');
}
const householdWithDeath = async (): Promise<string> => withDeath;

describe('gridctl audit questions', () => {
  it('timeline prints one readable line per event, the death with how late it was recorded, and no name', async () => {
    const id = await householdWithDeath();
    const text = await run('timeline', id);
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/登记户 household registered/);
    expect(lines.find((l) => l.includes('死亡登记'))).toMatch(/recorded \d{4}-\d{2}-\d{2} \(\+\d+ d\)/);
    const asJson = await run('timeline', id, '--json');
    expect(lines).toHaveLength(asJson.match(/"eventId"/g)!.length);
    const { members } = (await h.infra.store.readStream(`household-${id}`))[0]!.data as { members: { personId: string; name: Sealed }[] };
    for (const m of members) {
      const name = (await h.service.services.vault.open(`person:${m.personId}`, m.name))!;
      expect(text).not.toContain(name);
      expect(asJson).not.toContain(name);
    }
  });

  it('as-of before the death was recorded shows the member alive and the death as learned later; why takes program codes only', async () => {
    const id = await householdWithDeath();
    const death = (await h.infra.store.readStream(`household-${id}`)).find((e) => e.type === 'grid-records.resident.died')!;
    const before = JSON.parse(await run('as-of', id, '--valid-at', death.occurredAt.slice(0, 10), '--known-at', new Date(Date.parse(death.recordedAt) - 1).toISOString()));
    const person = (death.data as { personId: string }).personId;
    expect(before.household.members.find((m: { personId: string }) => m.personId === person)).toMatchObject({ diedOn: null });
    expect(before.learnedLater.map((e: { eventId: string }) => e.eventId)).toContain(death.eventId);
    await expect(run('why', id, 'rich')).rejects.toThrow(/status must be one of/);
  });

  it('overpayments: the JSON total is the sum of its findings and the CSV has a line for each', async () => {
    const report = JSON.parse(await run('overpayments', seeded.districtId));
    expect(report.totalFen).toBe(report.findings.reduce((t: number, f: { amountFen: number }) => t + f.amountFen, 0));
    expect(report.regions.reduce((t: number, r: { amountFen: number }) => t + r.amountFen, 0)).toBe(report.totalFen);
    const csv = (await run('overpayments', seeded.districtId, '--csv')).trim().split('\n');
    expect(csv).toHaveLength(report.findings.length + 1);
  });

  it('every question is recorded on the audit stream under the --sub given', async () => {
    await run('overpayments', seeded.districtId, '--sub', 'auditor-zhao');
    const asked = [];
    for await (const e of h.infra.store.readAll()) if (e.type === 'grid-records.audit.query-recorded') asked.push(e);
    expect(asked.at(-1)!.data).toEqual({ query: 'overpayments', subject: { kind: 'region', id: seeded.districtId }, parameters: {}, by: { id: 'auditor-zhao', role: 'auditor' } });
  });
});

describe('gridctl erase', () => {
  it('erases a resident who died: recorded on the household, the data key gone; a living head is refused', async () => {
    const keys = h.infra.keys.collection('personal_data_keys');
    expect(await keys.get(`person:${deadPerson}`)).not.toBeNull();
    const answer = JSON.parse(await run('erase', deadPerson, '--legal-basis', 'retention-ended', '--reference', '冷民删字〔2026〕3号', '--sub', 'district-chen'));
    expect(answer.id).toBe(withDeath);
    expect(await keys.get(`person:${deadPerson}`)).toBeNull();
    const last = (await h.infra.store.readStream(`household-${withDeath}`)).at(-1)!;
    expect(last).toMatchObject({ type: 'grid-records.resident.erased', actor: { id: 'district-chen', role: 'district-official' } });
    const { headId } = (await h.infra.store.readStream(`household-${withDeath}`))[0]!.data as { headId: string };
    // A living head is refused: by the status that still covers her when she has one (checked first), else as registered.
    await expect(run('erase', headId, '--legal-basis', 'retention-ended', '--reference', 'x')).rejects.toMatchObject({ rule: expect.stringMatching(/^(case-open|still-registered)$/) });
    await expect(run('erase', headId, '--legal-basis', 'because', '--reference', 'x')).rejects.toThrow(/one of/);
  });
});

describe('gridctl rebuild and replay-compare', () => {
  it('a rebuild equals the live read models; a tampered document is named and exits 1', async () => {
    const rebuilt = JSON.parse(await run('rebuild', '--threads', '2'));
    expect(rebuilt.collections.find((c: { name: string }) => c.name === 'households').documents).toBeGreaterThan(0);
    // Replayed in two groups on worker threads (the worker script is built before the tests), every read model in one.
    const grouped = rebuilt.groups.flatMap((g: { projections: string[] }) => g.projections);
    expect(rebuilt.groups).toHaveLength(2);
    expect(new Set(grouped).size).toBe(grouped.length);
    expect(grouped).toEqual(expect.arrayContaining(['grid-records.households', 'grid-records.grid-statistics']));
    const same = JSON.parse(await run('replay-compare'));
    expect(same).toMatchObject({ ok: true, differences: [] });
    expect(process.exitCode).toBeUndefined();

    const households = h.infra.documents.collection('households');
    const [doc] = await households.find({}, { limit: 1 });
    await households.put({ ...doc!, status: 'moved-out' });
    await households.delete((await households.find({}, { limit: 2 }))[1]!._id);
    const report = JSON.parse(await run('replay-compare'));
    expect(report.ok).toBe(false);
    expect(report.differences).toEqual(
      expect.arrayContaining([
        { collection: 'households', id: doc!._id, kind: 'differs', fields: ['status'] },
        expect.objectContaining({ collection: 'households', kind: 'only-rebuilt' }),
      ]),
    );
    expect(process.exitCode).toBe(1);
  });
});
