import { decideAssistance } from '../../../src/domain/assistance/decide';
import { agedOut, mayHaveAgedOut, onAssistanceApproved, onOfficialRelativeRegistered } from '../../../src/domain/rules/status-rules';
import { evolveAssistance } from '../../../src/domain/assistance/evolve';
import { onDeathRevoked, onHouseholdMovedOut, onMemberRemoved, onResidentDied } from '../../../src/domain/rules/life-events';
import { RULES_ACTOR } from '../../../src/domain/rules/types';
import { district, gridWorker, idHash, sealed, system, township } from '../fixtures';
import { after, applyFor } from '../assistance/assistance-fixtures';
import { death, grantEvents, granted, statusOf } from '../standards/status-fixtures';

const GM = 'p-liu-gm';
const SON = 'p-liu-son';
const GD = 'p-liu-gd';

const liuDibao = granted('minimum-living', { caseId: 'c-dibao' });
const gmAge = granted('advanced-age', { caseId: 'c-age', personId: GM });
const sonCare = granted('disability-care', { caseId: 'c-care', personId: SON });
const sonLiving = granted('disability-living', { caseId: 'c-living', personId: SON });
const neighbour = granted('advanced-age', { caseId: 'c-neighbour', householdId: 'h-wu', personId: 'p-wu' });
const cases = [liuDibao, gmAge, sonCare, sonLiving, neighbour];

describe('a death ends that person’s statuses at the day of death', () => {
  const died = (personId: string, diedOn: string) => ({
    householdId: 'h-liu',
    personId,
    idHash: idHash(1),
    diedOn,
    evidence: 'hukou-cancellation' as const,
    by: gridWorker,
  });

  test('the grandmother’s death ends her allowance and her coverage in the household’s 低保', () => {
    expect(onResidentDied(died(GM, '2020-09-14'), cases)).toEqual([
      {
        streamId: 'assistance-c-dibao',
        command: { type: 'end-coverage', personId: GM, endedOn: '2020-09-14', cause: 'death', by: RULES_ACTOR },
      },
      { streamId: 'assistance-c-age', command: { type: 'end', endedOn: '2020-09-14', cause: 'death', by: RULES_ACTOR } },
    ]);
  });

  test('a status that already ended before the death is left alone', () => {
    const endedEarlier = granted('advanced-age', { caseId: 'c-age', personId: GM }, death('2020-05-01'));
    expect(onResidentDied(died(GM, '2020-09-14'), [endedEarlier])).toEqual([]);
  });

  test('a status exited after the day of death is ended at the death instead (the payments between are recoverable)', () => {
    const exitedLater = granted(
      'advanced-age',
      { caseId: 'c-age', personId: GM },
      { type: 'exit', endedOn: '2020-12-31', reason: 'r', by: district },
    );
    expect(onResidentDied(died(GM, '2020-09-14'), [exitedLater])).toHaveLength(1);
  });

  test('the issued command, handled by the case, ends the status at the day of death', () => {
    const [issued] = onResidentDied(died(GM, '2020-09-14'), [gmAge]);
    expect(decideAssistance(issued!.command, gmAge)).toMatchObject([
      { type: 'grid-records.assistance.ended', data: { endedOn: '2020-09-14', cause: 'death' } },
    ]);
  });
});

describe('moving out of the district ends the statuses on the move date', () => {
  const moved = { householdId: 'h-liu', gridId: 'g-1', memberIds: [GM, SON, GD], on: '2020-10-31', by: gridWorker };

  test('the household’s 低保 and every member’s own statuses end; the neighbour’s do not', () => {
    expect(
      onHouseholdMovedOut(moved, cases).map((i) => [i.streamId, i.command.type, 'cause' in i.command ? i.command.cause : null]),
    ).toEqual([
      ['assistance-c-dibao', 'end', 'moved-out'],
      ['assistance-c-age', 'end', 'moved-out'],
      ['assistance-c-care', 'end', 'moved-out'],
      ['assistance-c-living', 'end', 'moved-out'],
    ]);
  });

  test('a member who left earlier keeps statuses tied to them, not to the household', () => {
    expect(onHouseholdMovedOut({ ...moved, memberIds: [GM, GD] }, [sonCare])).toEqual([]);
  });
});

describe('a member leaving the household leaves its household statuses', () => {
  test('the son moving away ends his coverage in the 低保, not his own subsidy', () => {
    expect(onMemberRemoved({ householdId: 'h-liu', personId: SON, on: '2020-08-01', reason: 'moved-away', by: gridWorker }, cases)).toEqual(
      [
        {
          streamId: 'assistance-c-dibao',
          command: { type: 'end-coverage', personId: SON, endedOn: '2020-08-01', cause: 'left-household', by: RULES_ACTOR },
        },
      ],
    );
  });
});

describe('a revoked death (撤销死亡登记) opens a payment review on each status it had ended', () => {
  const endCoverage = { type: 'end-coverage' as const, personId: GM, endedOn: '2020-09-14', cause: 'death' as const, by: system };
  const dibaoAfterDeath = granted('minimum-living', { caseId: 'c-dibao' }, endCoverage);
  const ageAfterDeath = granted('advanced-age', { caseId: 'c-age', personId: GM }, death('2020-09-14'));
  const revoked = {
    householdId: 'h-liu',
    personId: GM,
    idHash: idHash(1),
    diedOn: '2020-09-14',
    reason: '同名误报',
    evidence: sealed('公安户籍核查'),
    reopened: false,
    on: '2020-11-02',
    by: township,
  };
  const review = { type: 'open-payment-review', personId: GM, diedOn: '2020-09-14', revokedOn: '2020-11-02', by: RULES_ACTOR };

  test('her allowance and her coverage in the household’s 低保 each get a review of the stopped interval', () => {
    expect(onDeathRevoked(revoked, [dibaoAfterDeath, ageAfterDeath, sonCare])).toEqual([
      { streamId: 'assistance-c-dibao', command: review },
      { streamId: 'assistance-c-age', command: review },
    ]);
  });

  test('a status ended on another day (an exit) is not the death’s to review', () => {
    const exited = granted(
      'advanced-age',
      { caseId: 'c-age', personId: GM },
      { type: 'exit', endedOn: '2020-08-31', reason: 'r', by: district },
    );
    expect(onDeathRevoked(revoked, [exited])).toEqual([]);
  });

  test('the case records the review once, however often the revocation is delivered', () => {
    const [issued] = onDeathRevoked(revoked, [ageAfterDeath]);
    const events = decideAssistance(issued!.command, ageAfterDeath);
    expect(events).toMatchObject([
      {
        type: 'grid-records.assistance.payment-review-opened',
        data: { revivedPersonId: GM, diedOn: '2020-09-14', revokedOn: '2020-11-02' },
      },
    ]);
    const reviewed = events.reduce(evolveAssistance, ageAfterDeath);
    expect(decideAssistance(issued!.command, reviewed)).toEqual([]);
  });
});

describe('granting 特困 ends the two disability subsidies (seed 002: 特困不享受两项补贴)', () => {
  const tekunGranted = (personId: string) => {
    const approved = grantEvents('extreme-poverty', {
      caseId: 'c-tekun',
      personId,
      effectiveFrom: '2020-11-01',
      terms: { mode: 'centralized', careLevel: 'self-care', institution: '蔡市敬老院' },
    }).at(-1)!;
    if (approved.type !== 'grid-records.assistance.approved') throw new Error('expected approval');
    return approved.data;
  };

  test('both subsidies end the day before 特困 takes effect', () => {
    expect(onAssistanceApproved(tekunGranted(SON), [gmAge, sonCare, sonLiving, neighbour])).toEqual([
      { streamId: 'assistance-c-care', command: { type: 'end', endedOn: '2020-10-31', cause: 'extreme-poverty-granted', by: RULES_ACTOR } },
      {
        streamId: 'assistance-c-living',
        command: { type: 'end', endedOn: '2020-10-31', cause: 'extreme-poverty-granted', by: RULES_ACTOR },
      },
    ]);
  });

  test('the person is no longer counted in the household’s 低保 from that day: a rule with its source (no double benefit)', () => {
    expect(onAssistanceApproved(tekunGranted(GM), [liuDibao, gmAge])).toEqual([
      {
        streamId: 'assistance-c-dibao',
        command: {
          type: 'end-coverage',
          personId: GM,
          endedOn: '2020-10-31',
          cause: 'extreme-poverty-granted',
          rule: { rule: 'no-double-benefit', source: expect.stringContaining('特困人员认定办法') },
          by: RULES_ACTOR,
        },
      },
    ]);
  });

  test('a pending application for a subsidy ends too', () => {
    const pending = statusOf(after([], applyFor('disability-care', SON, { caseId: 'c-pending' }, { disabilityGrade: 1 })));
    expect(onAssistanceApproved(tekunGranted(SON), [pending]).map((i) => i.streamId)).toEqual(['assistance-c-pending']);
  });

  test('another person’s subsidies are untouched', () => {
    expect(onAssistanceApproved(tekunGranted(GM), [sonCare, sonLiving])).toEqual([]);
  });

  test('granting any other program ends nothing', () => {
    const approved = grantEvents('advanced-age', { personId: SON }).at(-1)!;
    expect(approved.type === 'grid-records.assistance.approved' && onAssistanceApproved(approved.data, cases)).toEqual([]);
  });
});

describe('a close-relative registration (近亲属备案) flags the person’s open cases', () => {
  const registered = {
    registrationId: 'r-1',
    personId: SON,
    idHash: idHash(42),
    relation: 'sibling' as const,
    official: { name: sealed('x'), idHash: idHash(7), position: '副镇长', unit: '黄阳司镇' },
    on: '2020-06-01',
    by: township,
  };
  const pendingTemp = statusOf(after([], applyFor('temporary', SON, { caseId: 'c-temp', amountFen: 100_000 })));
  const closed = granted(
    'disability-living',
    { caseId: 'c-closed', personId: SON },
    { type: 'exit', endedOn: '2020-05-31', reason: 'r', by: district },
  );

  test('his open cases and the household status covering him are flagged; closed cases are not', () => {
    expect(onOfficialRelativeRegistered(registered, [liuDibao, sonCare, pendingTemp, closed, gmAge]).map((i) => i.streamId)).toEqual([
      'assistance-c-dibao',
      'assistance-c-care',
      'assistance-c-temp',
    ]);
  });
});

describe('children’s statuses end at 18', () => {
  const child = granted('unsupported-child', { caseId: 'c-child', personId: GD, birthDate: '2002-06-01' });
  // The case carries the birth year only: the application opens the date of who may have aged out.
  const opened = new Map([[GD, '2002-06-01']]);

  test('the case keeps the year, not the date', () => {
    expect(child).toMatchObject({ birthYear: 2002, birthMonth: null });
    expect(JSON.stringify(child)).not.toContain('2002-06-01');
  });

  test('the day the child turns 18 the status ends on the day before', () => {
    expect(agedOut([child], '2020-06-01', opened)).toEqual([
      { streamId: 'assistance-c-child', command: { type: 'end', endedOn: '2020-05-31', cause: 'aged-out', by: RULES_ACTOR } },
    ]);
  });

  test('a 17-year-old’s status goes on', () => {
    expect(agedOut([child], '2020-05-31', opened)).toEqual([]);
  });

  test('only children turning 18 this year or before need their date opened', () => {
    expect(mayHaveAgedOut(child, '2019-12-31')).toBe(false);
    expect(mayHaveAgedOut(child, '2020-01-01')).toBe(true);
    expect(agedOut([child], '2020-06-01', new Map())).toEqual([]);
  });

  test('adults’ programs have no age limit', () => {
    expect(mayHaveAgedOut(gmAge, '2030-01-01')).toBe(false);
    expect(agedOut([gmAge], '2030-01-01', new Map([[GM, '1938-04-02']]))).toEqual([]);
  });
});
