import type { Member, Sealed } from '@grid/contracts';
import { Refusal } from '@grid/platform';
import { PersonRegisteredElsewhere } from '../../src/application/errors';
import type { NewResident } from '../../src/application/households/people';
import { isSealed } from '../../src/application/personal-data';
import { badChecksum, people } from './people';
import { ctx, startApp, worker, type App } from './fixture';

let app: App;
beforeEach(async () => {
  app = await startApp();
});
afterEach(() => app.close());

const register = (members: NewResident[], gridId = app.ids.g1!) =>
  app.households.register({ gridId, address: '梅湾路12号', registration: 'urban', members, on: '2020-01-10' }, ctx());

const registeredEvent = async (householdId: string) => (await app.store.readStream(`household-${householdId}`))[0]!;

describe('registering seals personal data before deciding', () => {
  it('the event holds sealed name, ID number, phone, birth date and address, the keyed hash, and clear birth year and sex', async () => {
    const { id } = await register([people.head, people.child]);
    const event = await registeredEvent(id);
    const data = event.data as { address: unknown; members: Member[] };
    expect(isSealed(data.address)).toBe(true);
    for (const m of data.members) {
      expect([m.name, m.idNumber, m.birthDate].every(isSealed)).toBe(true);
      expect(m.idHash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(await app.vault.open(`person:${data.members[0]!.personId}`, data.members[0]!.birthDate as Sealed)).toBe('1952-03-14');
    expect(data.members[0]).toMatchObject({
      relation: 'head',
      birthYear: 1952,
      sex: 'female',
      phone: expect.objectContaining({ ciphertext: expect.any(String) }),
    });
    expect(data.members[1]).toMatchObject({ birthYear: 2012, sex: 'female' });
    expect(data.members[1]!.phone).toBeUndefined();
    const text = JSON.stringify(event);
    for (const clear of [people.head.name, people.head.idNumber, people.head.phone, '梅湾路12号', '1952-03-14']) expect(text).not.toContain(clear);
  });

  it('each person’s fields open with that person’s key only', async () => {
    const { id } = await register([people.head, people.spouse]);
    const [head, spouse] = (await registeredEvent(id)).data.members as Member[];
    expect(await app.vault.open(`person:${head!.personId}`, head!.name)).toBe('王秀英');
    const withAnotherKey = await app.vault.open(`person:${spouse!.personId}`, head!.name).catch(() => 'refused');
    expect(withAnotherKey).not.toBe('王秀英');
  });

  it('validates every ID number itself, naming the field, whoever the caller is', async () => {
    const error = await register([people.head, { ...people.spouse, idNumber: badChecksum(people.spouse.idNumber) }]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Refusal);
    expect(error).toMatchObject({ rule: 'id-checksum', field: 'members.1.idNumber' });
  });
});

describe('one person, one household', () => {
  it('refuses a person living in another household, saying which', async () => {
    const first = await register([people.head]);
    const error = await register([people.other, { ...people.head, relation: 'spouse' }], app.ids.g2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PersonRegisteredElsewhere);
    expect(error).toMatchObject({ field: 'members.1.idNumber', householdId: first.id, status: 'member' });
  });

  it('refuses a person recorded as deceased elsewhere', async () => {
    const first = await register([people.head, people.spouse]);
    const spouse = (await app.householdQueries.view(first.id))!.members[1]!.personId;
    await app.households.recordDeath(first.id, spouse, { diedOn: '2021-05-01', evidence: 'death-certificate' }, ctx());
    const error = await register([{ ...people.spouse, relation: 'head' }], app.ids.g2).catch((e: unknown) => e);
    expect(error).toMatchObject({ householdId: first.id, status: 'died' });
  });

  it('answers only once the read models hold the write: the next duplicate check already sees it', async () => {
    const { id } = await register([people.head]);
    expect((await app.persons.byIdHash((await app.idRefs.find(people.head.idNumber))!))?.householdId).toBe(id);
  });
});

describe('the household stream holds other deciders’ events too', () => {
  it('visits and disclosures on the stream do not stop the household’s own commands', async () => {
    const { id } = await register([people.head]);
    await app.store.append(
      `household-${id}`,
      [
        {
          type: 'grid-records.visit.recorded',
          data: {
            visitId: 'v1',
            householdId: id,
            personIds: [],
            visitedOn: '2020-02-01',
            kind: 'routine',
            findings: ['not-at-home'],
            by: worker,
          },
          actor: worker,
        },
      ],
      { expectedRevision: 0 },
    );
    await app.households.recordReveal(id, { view: 'household', reason: 'audit' }, ctx({ id: 'auditor-1', role: 'auditor' }));
    const result = await app.households.addMember(id, { member: people.grandson, on: '2020-03-01' }, ctx());
    expect(result.revision).toBe(3);
    expect((await app.householdQueries.view(id))!.members).toHaveLength(2);
  });
});

describe('Idempotency-Key', () => {
  it('a keyed retry names the same household, so it cannot register a twin', async () => {
    const keyed = ctx(worker, { idSeed: '7b4f2d9e-4c1a-8e3b-9f00-0123456789ab' });
    const body = { gridId: app.ids.g1!, address: 'x', registration: 'urban' as const, members: [people.head], on: '2020-01-10' };
    const first = await app.households.register(body, keyed);
    const retry = await app.households.register(body, keyed).catch((e: unknown) => e);
    expect(retry).toMatchObject({ rule: 'already-exists' });
    expect((await app.householdQueries.list({ gridIds: 'all', limit: 10 })).items.map((h) => h.householdId)).toEqual([first.id]);
  });
});
