// 信息更正 through the application: compared in clear, sealed before deciding, a name or ID number confirmed by an
// official, a new ID number moving the person's identity reservation.
import type { Actor, Sealed } from '@grid/contracts';
import { Refusal } from '@grid/platform';
import { PersonRegisteredElsewhere } from '../../src/application/errors';
import { isSealed, personSubject } from '../../src/application/personal-data';
import { ctx, startApp, type App } from './fixture';
import { idNumber, people } from './people';

const community: Actor = { id: 'community-zhang', role: 'community-official' };
/** The spouse's right number: born 1950-08-12, not 1950-08-02 as mistyped at registration; a woman. */
const rightId = idNumber('43110319500812004');

let app: App;
let householdId: string;
let spouseId: string;
beforeEach(async () => {
  app = await startApp();
  householdId = (
    await app.households.register(
      { gridId: app.ids.g1!, address: '梅湾路12号', registration: 'urban', members: [people.head, people.spouse], on: '2020-01-10' },
      ctx(),
    )
  ).id;
  spouseId = (await app.householdQueries.view(householdId))!.members[1]!.personId;
});
afterEach(() => app.close());

const spouseView = async () => (await app.householdQueries.view(householdId))!.members.find((m) => m.personId === spouseId)!;
const open = (sealed: Parameters<App['vault']['open']>[1]) => app.vault.open(`person:${spouseId}`, sealed);
const types = async (id: string) => (await app.store.readStream(`identity-${await app.idRefs.of(id)}`)).map((e) => e.type);

describe('a phone number', () => {
  it('is corrected at once by the grid worker; the household shows it', async () => {
    const result = await app.corrections.request(householdId, spouseId, { phone: '13900000001', reason: '本人更换号码' }, ctx());
    expect(result).toMatchObject({ id: householdId, revision: 1, state: 'applied' });
    expect(await open((await spouseView()).phone!)).toBe('13900000001');
  });

  it('that is already recorded is refused as no change', async () => {
    const error = await app.corrections
      .request(householdId, spouseId, { phone: people.spouse.phone, reason: 'r' }, ctx())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Refusal);
    expect(error).toMatchObject({ rule: 'no-change', field: 'phone' });
  });
});

describe('an ID number', () => {
  it('waits for an official, then the record, the person index and the reservations follow it', async () => {
    const requested = await app.corrections.request(
      householdId,
      spouseId,
      { idNumber: rightId, reason: '登记时录入错误', evidence: '户口簿第3页' },
      ctx(),
    );
    expect(requested.state).toBe('pending');
    expect(await open((await spouseView()).birthDate as Sealed)).toBe('1950-08-02');
    expect(await app.corrections.pending(householdId, spouseId)).toMatchObject([{ correctionId: requested.correctionId }]);

    await app.corrections.confirm(householdId, spouseId, requested.correctionId, ctx(community));
    const view = await spouseView();
    expect({ birthDate: await open(view.birthDate as Sealed), birthYear: view.birthYear, sex: view.sex, idNumber: await open(view.idNumber) }).toEqual({
      birthDate: '1950-08-12',
      birthYear: 1950,
      sex: 'female',
      idNumber: rightId,
    });
    expect((await app.persons.byIdHash((await app.idRefs.find(rightId))!))?.personId).toBe(spouseId);
    expect(await types(rightId)).toEqual(['grid-records.identity.claimed']);
    expect(await types(people.spouse.idNumber)).toEqual(['grid-records.identity.claimed', 'grid-records.identity.released']);
    expect(await app.corrections.pending(householdId)).toEqual([]);
    // The mistyped number is free again; the right one is this household's.
    await expect(
      app.households.register(
        { gridId: app.ids.g2!, address: 'x', registration: 'urban', members: [{ ...people.spouse, relation: 'head' }], on: '2020-02-01' },
        ctx(),
      ),
    ).resolves.toBeDefined();
    await expect(
      app.households.register(
        {
          gridId: app.ids.g2!,
          address: 'x',
          registration: 'urban',
          members: [{ ...people.spouse, relation: 'head', idNumber: rightId }],
          on: '2020-02-01',
        },
        ctx(),
      ),
    ).rejects.toBeInstanceOf(PersonRegisteredElsewhere);
  });

  it('the events hold sealed values only, and say who asked, who confirmed and why', async () => {
    const { correctionId } = await app.corrections.request(
      householdId,
      spouseId,
      { idNumber: rightId, name: '李建华', reason: '更正的理由', evidence: '派出所证明' },
      ctx(),
    );
    await app.corrections.confirm(householdId, spouseId, correctionId, ctx(community));
    const [requested, corrected] = (await app.store.readStream(`household-${householdId}`)).slice(1);
    expect(corrected!.data).toMatchObject({ correctionId, requestedBy: { role: 'grid-worker' }, by: community });
    expect(await app.vault.open(personSubject(spouseId), (corrected!.data as { reason: Sealed }).reason)).toBe('更正的理由');
    for (const e of [requested!, corrected!]) {
      const data = e.data as { corrected: Record<string, unknown>; evidence: unknown; reason: unknown };
      expect([data.corrected.name, data.corrected.idNumber, data.evidence, data.reason].every(isSealed)).toBe(true);
      const text = JSON.stringify(e);
      for (const clear of [rightId, '李建华', '派出所证明', '更正的理由']) expect(text).not.toContain(clear);
    }
  });

  it('already registered in another household is refused when it is asked for', async () => {
    await app.households.register(
      { gridId: app.ids.g2!, address: 'x', registration: 'urban', members: [{ ...people.other, idNumber: rightId }], on: '2020-02-01' },
      ctx(),
    );
    const error = await app.corrections.request(householdId, spouseId, { idNumber: rightId, reason: 'r' }, ctx()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PersonRegisteredElsewhere);
    expect(error).toMatchObject({ field: 'idNumber', status: 'member' });
  });

  it('registered elsewhere between the request and the confirmation is refused at the confirmation, changing nothing', async () => {
    const { correctionId } = await app.corrections.request(householdId, spouseId, { idNumber: rightId, reason: 'r' }, ctx());
    await app.households.register(
      { gridId: app.ids.g2!, address: 'x', registration: 'urban', members: [{ ...people.other, idNumber: rightId }], on: '2020-02-01' },
      ctx(),
    );
    await expect(app.corrections.confirm(householdId, spouseId, correctionId, ctx(community))).rejects.toBeInstanceOf(
      PersonRegisteredElsewhere,
    );
    expect(await open((await spouseView()).birthDate as Sealed)).toBe('1950-08-02');
    expect(await types(people.spouse.idNumber)).toEqual(['grid-records.identity.claimed']);
  });

  it('is turned down by an official; the record stays as it was', async () => {
    const { correctionId } = await app.corrections.request(householdId, spouseId, { idNumber: rightId, reason: 'r' }, ctx());
    await app.corrections.reject(householdId, spouseId, correctionId, { reason: '证明材料不符' }, ctx(community));
    expect(await app.corrections.pending(householdId)).toEqual([]);
    expect(await types(rightId)).toEqual([]);
  });

  it('cannot be confirmed by a grid worker', async () => {
    const { correctionId } = await app.corrections.request(householdId, spouseId, { idNumber: rightId, reason: 'r' }, ctx());
    await expect(app.corrections.confirm(householdId, spouseId, correctionId, ctx())).rejects.toMatchObject({
      rule: 'official-confirmation',
    });
    expect(await types(rightId)).toEqual([]);
  });
});
