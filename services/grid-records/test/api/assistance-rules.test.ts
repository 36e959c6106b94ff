import { idNumber, people } from '../application/people';
import { grant, household, open, step, tokensFor, type Tokens } from './assistance-steps';
import { seedRegions, startHarness, type Harness } from './harness';

// Every rule here runs with the read models and relay in the worker thread (the embedded default) and inline.
describe.each(['worker', 'inline'])('with READ_SIDE=%s', (readSide) => {
  let h: Harness;
  let t: Tokens;
  beforeAll(async () => {
    h = await startHarness({ READ_SIDE: readSide });
    await seedRegions(h);
    t = await tokensFor(h);
  });
  afterAll(() => h.close());

  const caseOf = async (caseId: string) => (await h.get(`/v1/assistance/${caseId}`, t.worker)).json();
  const certify = (personId: string, grade: number, on = '2020-02-01') =>
    h.post(`/v1/residents/${personId}/disability-certificate`, { kind: 'physical', grade, certifiedOn: on }, t.worker);

  describe('临时救助: the township approves up to 2000 元 per person per time', () => {
    const temporary = async (personId: string, hid: string, amountFen: number) => {
      const caseId = (await open(h, t.worker, hid, { program: 'temporary', personId, amountFen, appliedOn: '2020-05-06' })).json().id;
      await step(h, t.worker, caseId, { step: 'home-check', effectiveDate: '2020-05-07', findings: ['fire-damage'] });
      await step(h, t.street, caseId, { step: 'review', effectiveDate: '2020-05-08', recommended: true, amountFen });
      return caseId;
    };
    let hid: string;
    let personId: string;
    beforeAll(async () => {
      const hh = await household(h, t.worker, h.regions.g1!, [people.other]);
      [hid, personId] = [hh.id, hh.person('head')];
    });

    it('3000 元 needs the district: the street official is refused (422 township-limit-exceeded), the district approves', async () => {
      const caseId = await temporary(personId, hid, 300_000);
      const byStreet = await step(h, t.street, caseId, { step: 'approve', effectiveDate: '2020-05-09' });
      expect(byStreet.statusCode).toBe(422);
      expect(byStreet.json().errors[0]).toMatchObject({ rule: 'township-limit-exceeded', source: expect.stringContaining('2000') });
      const byDistrict = await step(h, t.district, caseId, { step: 'approve', effectiveDate: '2020-05-09' });
      expect(byDistrict.statusCode).toBe(200);
      expect(await caseOf(caseId)).toMatchObject({ stage: 'active', grant: { approverLevel: 'district' }, terms: { amountFen: 300_000 } });
    });

    it('1500 元 another street official than the reviewer approves at township level', async () => {
      const caseId = await temporary(personId, hid, 150_000);
      expect((await step(h, t.streetHead, caseId, { step: 'approve', effectiveDate: '2020-05-09' })).statusCode).toBe(200);
      expect((await caseOf(caseId)).grant.approverLevel).toBe('township');
    });
  });

  describe('特困 and the two disability subsidies (seed 002: 特困不享受残疾人两项补贴)', () => {
    it('a 特困 person’s application for the care subsidy is refused, naming the rule', async () => {
      const hh = await household(h, t.worker, h.regions.g2!, [people.fifth], 'rural');
      const person = hh.person('head');
      await grant(
        h,
        t,
        hh.id,
        { program: 'extreme-poverty', personId: person, mode: 'centralized', careLevel: 'self-care', institution: '蔡市敬老院' },
        '2020-04-01',
      );
      expect((await certify(person, 1)).statusCode).toBe(200);
      const res = await open(h, t.worker, hh.id, { program: 'disability-care', personId: person, appliedOn: '2020-06-01' });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors[0]).toMatchObject({ rule: 'extreme-poverty-excluded', source: expect.stringContaining('特困') });
    });

    it('granting 特困 ends the subsidies the person already had, the day before, as caused by the grant', async () => {
      const hh = await household(h, t.worker, h.regions.g2!, [{ ...people.grandson, relation: 'head' }], 'rural');
      const person = hh.person('head');
      expect((await certify(person, 2)).statusCode).toBe(200);
      const care = await grant(h, t, hh.id, { program: 'disability-care', personId: person }, '2020-04-01');
      const poverty = await grant(
        h,
        t,
        hh.id,
        { program: 'extreme-poverty', personId: person, mode: 'centralized', careLevel: 'self-care', institution: '蔡市敬老院' },
        '2020-07-01',
      );
      const approved = (await caseOf(poverty)).history.at(-1);
      const c = await caseOf(care);
      expect(c).toMatchObject({ stage: 'ended', endedOn: '2020-06-30' });
      expect(c.history.at(-1)).toMatchObject({
        step: 'ended',
        causationId: approved.eventId,
        actor: { role: 'system' },
        data: { cause: 'extreme-poverty-granted', endedOn: '2020-06-30' },
      });
    });
  });

  describe('one person, one payment: a 特困 person is not also counted in the household’s 低保', () => {
    it('granting 特困 to the head ends the head’s 低保 coverage the day before, naming rule and source; the roster follows', async () => {
      const members = [
        { relation: 'head', name: '蒋玉梅', idNumber: idNumber('43110319480717021') },
        { relation: 'child', name: '蒋建军', idNumber: idNumber('43110319750302033') },
        { relation: 'grandchild', name: '蒋小雨', idNumber: idNumber('43110320100901044') },
      ];
      const hh = await household(h, t.worker, h.regions.g1!, members);
      const head = hh.person('head');
      const dibao = await grant(h, t, hh.id, { program: 'minimum-living' }, '2020-04-01', { class: 'B' });
      const poverty = await grant(
        h,
        t,
        hh.id,
        { program: 'extreme-poverty', personId: head, mode: 'dispersed', careLevel: 'self-care' },
        '2020-07-01',
      );
      const d = await caseOf(dibao);
      expect(d.coverage).toContainEqual({ personId: head, until: '2020-06-30' });
      expect(d.history.at(-1)).toMatchObject({
        step: 'coverage-ended',
        data: { cause: 'extreme-poverty-granted', rule: 'no-double-benefit', source: expect.stringContaining('特困人员认定办法') },
      });
      const linesOf = async (month: string) =>
        (
          (await h.get(`/v1/regions/${h.regions.g1}/payment-roster?month=${month}`, t.worker)).json().lines as {
            caseId: string;
            persons: number;
          }[]
        )
          .filter((l) => l.caseId === dibao || l.caseId === poverty)
          .map(({ caseId, persons }) => ({ caseId, persons }));
      expect(await linesOf('2020-06')).toEqual([{ caseId: dibao, persons: 3 }]);
      expect(await linesOf('2020-07')).toEqual(
        expect.arrayContaining([
          { caseId: dibao, persons: 2 },
          { caseId: poverty, persons: 1 },
        ]),
      );
    });

    it('a 低保 application after 特困 leaves the 特困 person out by default, and naming them is 422 no-double-benefit', async () => {
      const members = [
        { relation: 'head', name: '覃秀兰', idNumber: idNumber('43110319460606088') },
        { relation: 'child', name: '覃国庆', idNumber: idNumber('43110319721001099') },
      ];
      const hh = await household(h, t.worker, h.regions.g1!, members);
      const head = hh.person('head');
      await grant(h, t, hh.id, { program: 'extreme-poverty', personId: head, mode: 'dispersed', careLevel: 'self-care' }, '2020-04-01');
      const named = await open(h, t.worker, hh.id, {
        program: 'minimum-living',
        coveredPersonIds: [head, hh.person('child')],
        appliedOn: '2020-06-01',
      });
      expect([named.statusCode, named.json().errors[0]]).toEqual([
        422,
        expect.objectContaining({
          field: 'coveredPersonIds.0',
          rule: 'no-double-benefit',
          source: expect.stringContaining('特困人员认定办法'),
        }),
      ]);
      const byDefault = await open(h, t.worker, hh.id, { program: 'minimum-living', appliedOn: '2020-06-01' });
      expect(byDefault.statusCode).toBe(201);
      expect((await caseOf(byDefault.json().id)).coverage).toEqual([{ personId: hh.person('child'), until: null }]);
    });
  });

  describe('a death ends the person’s statuses at the day of death', () => {
    it('ends her own subsidy and her coverage in the household’s 低保, each caused by the death, once', async () => {
      const hh = await household(h, t.worker, h.regions.g1!, [people.head, people.spouse, people.child]);
      const spouse = hh.person('spouse');
      expect((await certify(spouse, 1)).statusCode).toBe(200);
      const dibao = await grant(h, t, hh.id, { program: 'minimum-living' }, '2020-04-01', { class: 'A' });
      const care = await grant(h, t, hh.id, { program: 'disability-care', personId: spouse }, '2020-04-01');
      const died = await h.post(`/v1/residents/${spouse}/death`, { diedOn: '2026-03-10', evidence: 'death-certificate' }, t.worker);
      expect(died.statusCode).toBe(200);
      const history = (await h.get(`/v1/households/${hh.id}/history`, t.worker)).json().events;
      const deathEvent = history.at(-1).envelope;
      expect(deathEvent.type).toBe('grid-records.resident.died');
      // Read right after the answer: the reaction is done before the death's write answers.
      const c = await caseOf(care);
      expect(c).toMatchObject({ stage: 'ended', endedOn: '2026-03-10' });
      expect(c.history.at(-1)).toMatchObject({ step: 'ended', causationId: deathEvent.eventId, data: { cause: 'death' } });
      expect(c.history.filter((s: { step: string }) => s.step === 'ended')).toHaveLength(1);
      const d = await caseOf(dibao);
      expect(d.stage).toBe('active');
      expect(d.coverage).toContainEqual({ personId: spouse, until: '2026-03-10' });
      expect(d.history.at(-1)).toMatchObject({ step: 'coverage-ended', causationId: deathEvent.eventId });
      expect((await h.get(`/v1/households/${hh.id}`, t.worker)).json().statuses).toEqual([
        expect.objectContaining({ caseId: dibao, program: 'minimum-living' }),
      ]);
    });
  });
});
