// One person, one household, decided by the identity reservation streams (identity-<idHash>), not by the person
// index that lags: racing registrations, releases on leaving, deaths, failed writes, orphans, older data.
import type { Envelope } from '@grid/contracts';
import { CLAIM_LEASE_MS } from '../../src/domain';
import { PersonRegisteredElsewhere } from '../../src/application/errors';
import type { NewResident } from '../../src/application/households/people';
import { ctx, fixedClock, official, startApp, worker, type App } from './fixture';
import { idNumber, people } from './people';
import { type Clock } from '@grid/platform';

let app: App;
afterEach(() => app?.close());

const register = (members: NewResident[], gridId = app.ids.g1!, c = ctx()) =>
  app.households.register({ gridId, address: '梅湾路12号', registration: 'urban', members, on: '2020-01-10' }, c);
const claims = async (id: string): Promise<Envelope[]> => app.store.readStream(`identity-${await app.idRefs.of(id)}`);
const personOf = async (householdId: string, i: number) => (await app.householdQueries.view(householdId))!.members[i]!.personId;
/** A valid 身份证 number per n: born 1980-01-01, sequence n. */
const nth = (n: number): string => idNumber(`43110319800101${String(n).padStart(3, '0')}`);
const settle = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

describe('two registrations of the same person racing', () => {
  beforeEach(async () => {
    app = await startApp();
  });

  it('exactly one wins, every time; the other is told the person is registered elsewhere', async () => {
    for (let n = 1; n <= 40; n += 1) {
      const person: NewResident = { relation: 'head', name: '陈立', idNumber: nth(n) };
      const spouse: NewResident = { relation: 'spouse', name: '陈立', idNumber: nth(n) };
      const first = register([person], app.ids.g1!);
      // Alternate the loser's shape: a second registration, or a member added to an existing household.
      const second =
        n % 2 === 0
          ? register([person], app.ids.g2!)
          : register([{ ...people.other, idNumber: nth(500 + n) }], app.ids.g2!).then(({ id }) =>
              app.households.addMember(id, { member: spouse, on: '2020-02-01' }, ctx()),
            );
      const outcomes = await Promise.all([settle(first), settle(second)]);
      const won = outcomes.filter((o) => o.ok);
      const lost = outcomes.filter((o) => !o.ok);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as { error: unknown }).error).toBeInstanceOf(PersonRegisteredElsewhere);
      const claimed = (await claims(nth(n))).filter((e) => e.type === 'grid-records.identity.claimed');
      expect(claimed).toHaveLength(1);
      const entries = (await app.documents.collection('person_index').find({ idHash: await app.idRefs.of(nth(n)) })).filter(
        (e) => (e as { status?: string }).status === 'member',
      );
      expect(entries).toHaveLength(1);
    }
  });
});

describe('a refused write', () => {
  beforeEach(async () => {
    app = await startApp();
  });
  const rows = () => app.documents.collection('personal_data_id_refs').count();

  it('leaves no key-file row for a number it would have recorded (a registration refused for a person registered elsewhere)', async () => {
    await register([people.head]);
    const before = await rows();
    await expect(register([{ ...people.other, relation: 'head' }, { ...people.head, relation: 'spouse' }], app.ids.g2!)).rejects.toBeInstanceOf(PersonRegisteredElsewhere);
    expect(await rows()).toBe(before);
    expect(await app.idRefs.find(people.other.idNumber)).toBeNull();
    // Registered afterwards, the number gets its row and is found by it.
    const { id } = await register([{ ...people.other, relation: 'head' }], app.ids.g2!);
    expect(await rows()).toBe(before + 1);
    expect((await app.persons.byIdHash((await app.idRefs.find(people.other.idNumber))!))?.householdId).toBe(id);
  });

  it('withdraws the rows it wrote when it fails after claiming (the household’s append fails)', async () => {
    const a = await register([people.head]);
    const before = await rows();
    const append = app.store.append.bind(app.store);
    app.store.append = async (stream, events, options) => {
      if (stream === `household-${a.id}`) throw new Error('disk full');
      return append(stream, events, options);
    };
    await expect(app.households.addMember(a.id, { member: { ...people.other, relation: 'spouse' }, on: '2021-01-01' }, ctx())).rejects.toThrow('disk full');
    app.store.append = append;
    expect(await rows()).toBe(before);
    expect(await app.idRefs.find(people.other.idNumber)).toBeNull();
    await app.households.addMember(a.id, { member: { ...people.other, relation: 'spouse' }, on: '2021-01-01' }, ctx());
    expect(await app.idRefs.find(people.other.idNumber)).not.toBeNull();
  });

  /** Appends to `stream` fail until the returned function is called. */
  const failing = (stream: string): (() => void) => {
    const append = app.store.append.bind(app.store);
    app.store.append = async (s, events, options) => {
      if (s === stream) throw new Error('disk full');
      return append(s, events, options);
    };
    return () => void (app.store.append = append);
  };

  it('keeps the row of a corrected ID number new to the district when the correction request fails to append (no claim guards it)', async () => {
    const a = await register([people.head, people.spouse]);
    const spouse = await personOf(a.id, 1);
    const corrected = idNumber('43110319500812004');
    const before = await rows();
    const restore = failing(`household-${a.id}`);
    await expect(app.corrections.request(a.id, spouse, { idNumber: corrected, reason: '登记时录入错误' }, ctx())).rejects.toThrow('disk full');
    restore();
    expect(await rows()).toBe(before + 1);
    const ref = await app.idRefs.find(corrected);
    expect(ref).not.toBeNull();
    expect((await app.corrections.request(a.id, spouse, { idNumber: corrected, reason: '登记时录入错误' }, ctx())).state).toBe('pending');
    expect(await app.idRefs.find(corrected)).toBe(ref);
    expect(await rows()).toBe(before + 1);
  });

  it('a correction that fails after another write with the same new number passed its row check leaves that write its row', async () => {
    const x = await register([people.head, people.spouse]);
    const y = await register([{ ...people.other, relation: 'head' }], app.ids.g2!);
    const [onX, onY] = [await personOf(x.id, 1), await personOf(y.id, 0)];
    const corrected = idNumber('43110319500812004');
    const append = app.store.append.bind(app.store);
    let recordedByY: string | null = null;
    app.store.append = async (stream, events, options) => {
      if (stream !== `household-${x.id}`) return append(stream, events, options);
      // X's row is written; Y's correction finds it, passes the check and appends before X's append fails.
      await app.corrections.request(y.id, onY, { idNumber: corrected, reason: '登记时录入错误' }, ctx());
      recordedByY = await app.idRefs.find(corrected);
      throw new Error('disk full');
    };
    await expect(app.corrections.request(x.id, onX, { idNumber: corrected, reason: '登记时录入错误' }, ctx())).rejects.toThrow('disk full');
    app.store.append = append;
    expect(recordedByY).not.toBeNull();
    expect(await app.idRefs.find(corrected)).toBe(recordedByY);
  });

  it('keeps the row of a filed official’s number new to the district when the filing fails to append (no claim guards it)', async () => {
    const a = await register([people.head]);
    const relative = (await app.officialRelatives.locate({ residentId: await personOf(a.id, 0) }))!;
    const filing = {
      official: { name: '刘建华', idNumber: nth(11), position: '副镇长', unit: '黄阳司镇人民政府' },
      relative: { residentId: relative.personId },
      relation: 'sibling' as const,
      on: '2021-01-01',
    };
    const before = await rows();
    const restore = failing(`person-${relative.personId}`);
    await expect(app.officialRelatives.file(filing, relative, ctx(official))).rejects.toThrow('disk full');
    restore();
    expect(await rows()).toBe(before + 1);
    const ref = await app.idRefs.find(nth(11));
    expect(ref).not.toBeNull();
    await app.officialRelatives.file(filing, relative, ctx(official));
    expect(await app.idRefs.find(nth(11))).toBe(ref);
  });
});

describe('leaving releases the ID number; a death does not', () => {
  beforeEach(async () => {
    app = await startApp();
  });

  it('a member who left (迁出本户) is registered in another household at once', async () => {
    const a = await register([people.head, people.spouse]);
    await app.households.removeMember(a.id, await personOf(a.id, 1), { reason: 'moved-away', on: '2021-01-01' }, ctx());
    const b = await register([{ ...people.spouse, relation: 'head' }], app.ids.g2!);
    expect((await claims(people.spouse.idNumber)).map((e) => [e.type, (e.data as { householdId: string }).householdId])).toEqual([
      ['grid-records.identity.claimed', a.id],
      ['grid-records.identity.released', a.id],
      ['grid-records.identity.claimed', b.id],
    ]);
    // The person keeps their id (and key) from one household to the next.
    expect(await personOf(b.id, 0)).toBe(await personOf(a.id, 1));
  });

  it('a household that moved out of the district frees its living members', async () => {
    const a = await register([people.head, people.child]);
    await app.households.moveOut(a.id, { on: '2022-06-01' }, ctx());
    const b = await register([people.head, people.child], app.ids.g2!);
    expect(b.id).not.toBe(a.id);
    expect((await claims(people.child.idNumber)).map((e) => e.type)).toEqual([
      'grid-records.identity.claimed',
      'grid-records.identity.released',
      'grid-records.identity.claimed',
    ]);
  });

  it('a person recorded as deceased stays recorded: registering them again is refused, even after the household moved out', async () => {
    const a = await register([people.head, people.spouse]);
    await app.households.recordDeath(a.id, await personOf(a.id, 1), { diedOn: '2021-05-01', evidence: 'death-certificate' }, ctx());
    await app.households.moveOut(a.id, { on: '2022-06-01' }, ctx());
    const again = await register([{ ...people.spouse, relation: 'head' }], app.ids.g2!).catch((e: unknown) => e);
    expect(again).toMatchObject({ householdId: a.id, status: 'died', since: '2021-05-01' });
    // The head moved away with the household: free.
    await expect(register([people.head], app.ids.g2!)).resolves.toMatchObject({ revision: 0 });
  });
});

describe('a failed write leaves no claim binding', () => {
  beforeEach(async () => {
    app = await startApp();
  });

  it('a registration refused for another member releases the members it had claimed', async () => {
    await register([people.other]);
    const refused = await register([people.head, { ...people.other, relation: 'spouse' }], app.ids.g2!).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PersonRegisteredElsewhere);
    expect((await claims(people.head.idNumber)).map((e) => e.type)).toEqual([]); // refused before claiming anything
    await expect(register([people.head], app.ids.g2!)).resolves.toBeDefined();
  });

  it('an append that fails after the claim (a stale If-Match) releases it, and a keyed retry claims afresh', async () => {
    const a = await register([people.head]);
    const keyed = (expectedRevision: number) => ctx(worker, { expectedRevision, idSeed: '0b4f2d9e-4c1a-8e3b-9f00-0123456789ab' });
    const stale = await app.households.addMember(a.id, { member: people.spouse, on: '2020-03-01' }, keyed(7)).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: 'concurrency-conflict' });
    expect((await claims(people.spouse.idNumber)).map((e) => [e.type, (e.data as { cause?: string }).cause])).toEqual([
      ['grid-records.identity.claimed', undefined],
      ['grid-records.identity.released', 'not-recorded'],
    ]);
    await expect(app.households.addMember(a.id, { member: people.spouse, on: '2020-03-01' }, keyed(0))).resolves.toMatchObject({
      revision: 1,
    });
  });
});

describe('a claim its household never recorded', () => {
  const ghostClaim = async (id: string) =>
    app.store.append(
      `identity-${await app.idRefs.of(id)}`,
      [
        {
          type: 'grid-records.identity.claimed',
          data: { idHash: await app.idRefs.of(id), householdId: 'h-ghost', personId: 'p-ghost', replaces: null, on: '2026-03-01', by: worker },
          actor: worker,
        },
      ],
      { expectedRevision: 'no-stream' },
    );

  it('binds while it is fresh: that registration may still be on its way', async () => {
    app = await startApp();
    await ghostClaim(people.third.idNumber);
    await expect(register([people.third])).rejects.toMatchObject({ householdId: 'h-ghost', status: 'member' });
  });

  it('is taken over once the lease has run out (a request that died between claim and append)', async () => {
    const later: Clock = { today: fixedClock.today, now: () => new Date(Date.now() + CLAIM_LEASE_MS + 1000).toISOString() };
    app = await startApp(later);
    await ghostClaim(people.third.idNumber);
    const { id } = await register([people.third]);
    const last = (await claims(people.third.idNumber)).at(-1)!;
    expect(last.data).toMatchObject({ householdId: id, replaces: { householdId: 'h-ghost', personId: 'p-ghost' } });
  });
});

describe('a release that was lost', () => {
  it('does not block: the household’s own stream says the person left, so the claim is taken over at once', async () => {
    app = await startApp();
    const a = await register([people.head, people.spouse]);
    const spouse = await personOf(a.id, 1);
    // The member leaves, and the process dies before it releases the claim: only the household's event is written.
    const left = { householdId: a.id, personId: spouse, on: '2021-01-01', reason: 'moved-away', by: worker };
    await app.store.append(`household-${a.id}`, [{ type: 'grid-records.household.member-removed', data: left, actor: worker }], {
      expectedRevision: 0,
    });
    const b = await register([{ ...people.spouse, relation: 'head' }], app.ids.g2!);
    expect((await claims(people.spouse.idNumber)).at(-1)!.data).toMatchObject({ householdId: b.id, replaces: { householdId: a.id } });
  });
});

describe('people registered before reservation streams existed', () => {
  beforeEach(async () => {
    app = await startApp();
  });

  /** Writes a registration the way the service did before claims: the household event alone. */
  async function legacyHousehold(householdId: string, resident: NewResident & { idNumber: string }, personId: string) {
    const subject = `person:${personId}`;
    const member = {
      personId,
      relation: 'head',
      name: await app.vault.seal(subject, resident.name),
      idNumber: await app.vault.seal(subject, resident.idNumber),
      idHash: app.vault.idHash(resident.idNumber),
      birthDate: '1960-11-20',
      sex: 'male',
    };
    const data = {
      householdId,
      gridId: app.ids.g1!,
      address: await app.vault.seal(`household:${householdId}`, 'x'),
      registration: 'urban',
      headId: personId,
      members: [member],
      on: '2019-01-01',
      by: worker,
    };
    const { position } = await app.store.append(
      `household-${householdId}`,
      [{ type: 'grid-records.household.registered', data, actor: worker }],
      {
        expectedRevision: 'no-stream',
      },
    );
    await app.readModels.reached(position);
  }

  it('the person index finds them, their household’s stream confirms it: refused elsewhere, kept their id once free', async () => {
    await legacyHousehold('h-old', people.other, 'p-old');
    await expect(register([people.other], app.ids.g2!)).rejects.toMatchObject({ householdId: 'h-old', status: 'member' });
    await app.households.addMember('h-old', { member: { ...people.grandson }, on: '2020-01-01' }, ctx());
    await app.households.changeHead('h-old', { personId: await personOf('h-old', 1), on: '2020-02-01' }, ctx());
    await app.households.removeMember('h-old', 'p-old', { reason: 'moved-away', on: '2020-03-01' }, ctx());
    const { id } = await register([people.other], app.ids.g2!);
    expect(await personOf(id, 0)).toBe('p-old');
  });

  it('keep the v1 hash their events hold as their number’s reference; a number never recorded gets a random one', async () => {
    await legacyHousehold('h-old', people.other, 'p-old');
    expect(await app.idRefs.find(people.other.idNumber)).toBe(app.vault.idHash(people.other.idNumber));
    await register([people.third], app.ids.g2!);
    expect(await app.idRefs.find(people.third.idNumber)).not.toBe(app.vault.idHash(people.third.idNumber));
    expect(await app.idRefs.find(people.fourth.idNumber)).toBeNull();
  });
});
