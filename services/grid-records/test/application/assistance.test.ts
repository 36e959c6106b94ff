import { personSubject, type Sealed } from '@grid/contracts';
import { hashedUuid, Refusal } from '@grid/platform';
import { appendAndRead } from '@grid/platform/testing';
import { statusReactor } from '../../src/application/assistance/status-reactions';
import { isSealed } from '../../src/application/personal-data';
import { CaseLookup } from '../../src/projections/assistance/case-lookup';
import { PersonLookup } from '../../src/projections/person-index/person-lookup';
import { district, grantCase, street } from './assistance-fixture';
import { ctx, startApp, worker, type App } from './fixture';
import { people } from './people';

let app: App;
let hid: string;
let personOf: (relation: string) => string;
beforeEach(async () => {
  app = await startApp();
  const { id } = await app.households.register(
    {
      gridId: app.ids.g1!,
      address: '梅湾路12号',
      registration: 'rural',
      members: [people.head, people.spouse, people.child],
      on: '2020-01-10',
    },
    ctx(),
  );
  hid = id;
  const view = (await app.householdQueries.view(hid))!;
  personOf = (relation) => view.members.find((m) => m.relation === relation)!.personId;
});
afterEach(() => app.close());

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );
const reactor = (refused: unknown[] = []) =>
  statusReactor({
    store: app.store,
    cases: new CaseLookup(app.documents),
    persons: new PersonLookup(app.documents),
    readModels: app.readModels,
    onRefused: (r) => refused.push(r),
  });
const appliedFacts = async (caseId: string) => (await app.caseQueries.view(caseId))!.steps[0]!.data;

describe('opening a case reads the eligibility facts from the records', () => {
  it('the living subsidy needs the household on 低保: refused before, granted with the facts after', async () => {
    const spouse = personOf('spouse');
    await app.households.certifyDisability(hid, spouse, { kind: 'physical', grade: 3, certifiedOn: '2020-02-01' }, ctx());
    const open = () => app.assistance.open(hid, { program: 'disability-living', personId: spouse, appliedOn: '2020-05-06' }, ctx());
    expect(await refusal(open())).toMatchObject({ rule: 'not-on-minimum-living' });
    await grantCase(app, hid, { program: 'minimum-living' }, '2020-04-01');
    const { id } = await open();
    const data = await appliedFacts(id);
    expect(data).toMatchObject({
      personId: spouse,
      registration: 'rural',
      districtId: app.ids.d1,
      birthYear: 1950,
      facts: { asOf: '2020-05-06', disabilityGrade: 3, personPrograms: [], householdPrograms: ['minimum-living'] },
    });
    // The birth date the age rules read, sealed under the person's key as the household records it; no month (no age band).
    expect(isSealed(data.birthDate)).toBe(true);
    expect(await app.vault.open(personSubject(spouse), data.birthDate as Sealed)).toBe('1950-08-02');
    expect(data).not.toHaveProperty('birthMonth');
  });

  it('refuses a person who is not a living member, naming the field', async () => {
    const error = await refusal(
      app.assistance.open(hid, { program: 'advanced-age', personId: 'stranger', appliedOn: '2020-05-06' }, ctx()),
    );
    expect(error).toBeInstanceOf(Refusal);
    expect(error).toMatchObject({ rule: 'not-a-member', field: 'personId' });
  });

  it('covers every living member of a household program unless told otherwise', async () => {
    const { id } = await app.assistance.open(hid, { program: 'monitored', appliedOn: '2020-05-06' }, ctx());
    expect((await app.caseQueries.view(id))!.coverage.map((c) => c.personId).sort()).toEqual(
      [personOf('head'), personOf('spouse'), personOf('child')].sort(),
    );
  });

  it('seals the caregiver’s name under the person cared for, and the home-check note under the household', async () => {
    const head = personOf('head');
    const { id } = await app.assistance.open(
      hid,
      {
        program: 'extreme-poverty',
        personId: head,
        mode: 'dispersed',
        careLevel: 'disabled',
        caregiverAgreement: { agreementId: 'zh-1', caregiverName: '李建国', signedOn: '2020-05-01' },
        appliedOn: '2020-05-06',
      },
      ctx(),
    );
    await app.assistance.step(
      id,
      { step: 'home-check', effectiveDate: '2020-05-07', findings: ['bedridden'], note: '卧床, 需要照料' },
      ctx(),
    );
    const [applied, checked] = await app.store.readStream(`assistance-${id}`);
    const name = (applied!.data as { caregiverAgreement: { caregiverName: unknown } }).caregiverAgreement.caregiverName;
    const note = (checked!.data as { note: unknown }).note;
    expect(isSealed(name) && isSealed(note)).toBe(true);
    expect(await app.vault.open(`person:${head}`, name as never)).toBe('李建国');
    expect(await app.vault.open(`household:${hid}`, note as never)).toBe('卧床, 需要照料');
    expect(JSON.stringify([applied, checked])).not.toContain('李建国');
  });
});

describe('the rules react once, whatever is redelivered', () => {
  it('moving out ends the household’s 低保 and the members’ own statuses on the move date, caused by the move', async () => {
    const head = personOf('head');
    await app.households.certifyDisability(hid, head, { kind: 'physical', grade: 2, certifiedOn: '2020-02-01' }, ctx());
    const dibao = await grantCase(app, hid, { program: 'minimum-living' }, '2020-04-01');
    const care = await grantCase(app, hid, { program: 'disability-care', personId: head }, '2020-04-01');
    await app.households.moveOut(hid, { on: '2021-06-30' }, ctx(worker));
    const moved = (await app.store.readStream(`household-${hid}`)).at(-1)!;
    await reactor()(moved);
    for (const caseId of [dibao, care]) {
      const c = (await app.caseQueries.view(caseId))!;
      expect(c).toMatchObject({ stage: 'ended', endedOn: '2021-06-30' });
      expect(c.steps.at(-1)).toMatchObject({ causationId: moved.eventId, actor: { role: 'system' }, data: { cause: 'moved-out' } });
    }
  });

  it('a redelivered death, even two at once, appends nothing more: event ids derive from the causing event', async () => {
    const spouse = personOf('spouse');
    await app.households.certifyDisability(hid, spouse, { kind: 'visual', grade: 1, certifiedOn: '2020-02-01' }, ctx());
    const care = await grantCase(app, hid, { program: 'disability-care', personId: spouse }, '2020-04-01');
    await app.households.recordDeath(hid, spouse, { diedOn: '2021-03-10', evidence: 'death-certificate' }, ctx());
    const died = (await app.store.readStream(`household-${hid}`)).at(-1)!;
    const react = reactor();
    await Promise.all([react(died), react(died)]);
    await react(died);
    const ended = (await app.store.readStream(`assistance-${care}`)).filter((e) => e.type === 'grid-records.assistance.ended');
    expect(ended).toHaveLength(1);
    // Any process reacting to this death names the same event, so the store takes a racing twin as a repeat.
    expect(ended[0]!.eventId).toBe(hashedUuid(died.eventId, `assistance-${care}`, 0));
    expect(ended[0]!.causationId).toBe(died.eventId);
  });

  it('a command the case refuses is reported (rule and ids only) and the others still run', async () => {
    const [head, spouse] = [personOf('head'), personOf('spouse')];
    const dibao = await grantCase(app, hid, { program: 'minimum-living', coveredPersonIds: [head] }, '2020-04-01');
    await app.households.certifyDisability(hid, spouse, { kind: 'visual', grade: 1, certifiedOn: '2020-02-01' }, ctx());
    const care = await grantCase(app, hid, { program: 'disability-care', personId: spouse }, '2020-04-01');
    await app.households.recordDeath(hid, spouse, { diedOn: '2021-03-10', evidence: 'death-certificate' }, ctx());
    const died = (await app.store.readStream(`household-${hid}`)).at(-1)!;
    // A read model that lags behind the truth: it still lists the spouse in the 低保, which the stream does not.
    const real = new CaseLookup(app.documents);
    const stale = Object.assign(Object.create(CaseLookup.prototype) as CaseLookup, {
      ofPerson: (id: string) => real.ofPerson(id),
      ofHouseholds: async (ids: string[]) =>
        (await real.ofHouseholds(ids)).map((c) =>
          c.caseId === dibao ? { ...c, coverage: [...c.coverage, { personId: spouse, until: null }] } : c,
        ),
    });
    const refused: unknown[] = [];
    await statusReactor({
      store: app.store,
      cases: stale,
      persons: new PersonLookup(app.documents),
      readModels: app.readModels,
      onRefused: (r) => refused.push(r),
    })(died);
    expect(refused).toEqual([
      { rule: 'not-covered', streamId: `assistance-${dibao}`, causedBy: { eventId: died.eventId, type: died.type } },
    ]);
    expect((await app.caseQueries.view(care))!.stage).toBe('ended');
  });
});

describe('近亲属备案 and objections', () => {
  const sealedName = { keyId: 'k', iv: 'AAAA', tag: 'AAAA', ciphertext: 'AAAA' };
  const fileRelative = (personId: string) =>
    appendAndRead(
      app.store,
      `person-${personId}`,
      [
        {
          type: 'grid-records.official-relative.registered',
          data: {
            registrationId: `r-${personId}`,
            personId,
            idHash: 'a'.repeat(64),
            relation: 'parent',
            official: { name: sealedName, idHash: 'b'.repeat(64), position: '科员', unit: '区民政局' },
            on: '2020-02-01',
            by: district,
          },
          actor: district,
        },
      ],
      { expectedRevision: 'any' },
    );

  it('a filed relative is a fact of the application, and a filing made later flags the open case', async () => {
    const [head, spouse] = [personOf('head'), personOf('spouse')];
    await fileRelative(head);
    const { id: flaggedFromStart } = await app.assistance.open(
      hid,
      { program: 'minimum-living', coveredPersonIds: [head], appliedOn: '2020-05-06' },
      ctx(),
    );
    expect(await appliedFacts(flaggedFromStart)).toMatchObject({ officialRelative: true });
    const { id: later } = await app.assistance.open(
      hid,
      { program: 'left-behind-elderly', personId: spouse, appliedOn: '2020-05-06' },
      ctx(),
    );
    expect((await app.caseQueries.view(later))!.flagged).toBe(false);
    const [filed] = await fileRelative(spouse);
    await reactor()(filed!);
    expect((await app.caseQueries.view(later))!).toMatchObject({
      flagged: true,
      steps: expect.arrayContaining([expect.objectContaining({ step: 'flagged', causationId: filed!.eventId })]),
    });
  });

  it('an upheld objection sends the case back to the township review', async () => {
    const { id } = await app.assistance.open(hid, { program: 'minimum-living', appliedOn: '2020-05-06' }, ctx());
    await app.assistance.step(id, { step: 'home-check', effectiveDate: '2020-05-07', findings: ['verified'] }, ctx());
    await app.assistance.step(id, { step: 'review', effectiveDate: '2020-05-08', recommended: true, class: 'C' }, ctx(street));
    await app.assistance.step(id, { step: 'notice', effectiveDate: '2020-05-09', days: 7 }, ctx(street));
    const raised = await app.assistance.step(id, { step: 'objection', effectiveDate: '2020-05-10', reason: '邻居反映有营运车辆' }, ctx());
    expect(raised.objectionId).toEqual(expect.any(String));
    const { objectionId } = raised as { objectionId: string };
    await app.assistance.step(
      id,
      { step: 'objection-decision', effectiveDate: '2020-05-20', objectionId, upheld: true, reason: '核实属实' },
      ctx(street),
    );
    expect((await app.caseQueries.view(id))!).toMatchObject({ stage: 'awaiting-review', notice: null });
  });
});

describe('visits', () => {
  it('records a visit on the household’s stream with its note sealed, listed latest first', async () => {
    const first = await app.visits.record(
      hid,
      { personIds: [personOf('head')], visitedOn: '2020-06-01', kind: 'care', findings: ['all-well'] },
      ctx(),
    );
    const second = await app.visits.record(
      hid,
      { personIds: [], visitedOn: '2020-07-01', kind: 'routine', findings: ['not-at-home'], note: '邻居说去医院了' },
      ctx(),
    );
    expect(first).toMatchObject({ id: hid, revision: 1 });
    expect(second.revision).toBe(2);
    const listed = await app.visitLog.ofHousehold(hid);
    expect(listed.map((v) => v.visitId)).toEqual([second.visitId, first.visitId]);
    expect(isSealed(listed[0]!.note)).toBe(true);
    await expect(
      app.visits.record(hid, { personIds: ['stranger'], visitedOn: '2020-07-02', kind: 'care', findings: ['all-well'] }, ctx()),
    ).rejects.toMatchObject({ rule: 'not-a-member' });
  });
});

describe('district decisions', () => {
  it('a street official’s class change is refused: 低保 classes are decided by the district', async () => {
    const dibao = await grantCase(app, hid, { program: 'minimum-living' }, '2020-04-01');
    const change = (by: typeof street) =>
      app.assistance.step(dibao, { step: 'change-class', to: 'A', effectiveDate: '2020-07-01', reason: 'illness' }, ctx(by));
    expect(await refusal(change(street))).toMatchObject({ rule: 'district-approval-required' });
    expect(await change(district)).toMatchObject({ id: dibao, revision: 5 });
  });
});
