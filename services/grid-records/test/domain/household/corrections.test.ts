import { specFor } from '@grid/platform/decider';
import { householdDecider } from '../../../src/domain/household/decide';
import type { HouseholdCommand, HouseholdEvent } from '../../../src/domain/household/types';
import { communityOfficial, gridWorker, idHash, like, sealed, township } from '../fixtures';
import { died, grandmother, granddaughter, movedOut, registered, son } from './household-fixtures';

const given = specFor(householdDecider);
type Request = Extract<HouseholdCommand, { type: 'request-correction' }>;

/** The corrected birth date, in clear in these fixtures, is what the application hands the decider in clear too. */
const request = (corrected: Request['corrected'], over: Partial<Request> = {}): HouseholdCommand => ({
  type: 'request-correction',
  personId: son.personId,
  correctionId: 'c-1',
  corrected,
  unchanged: [],
  ...(typeof corrected.birthDate === 'string' ? { birthDate: corrected.birthDate } : {}),
  reason: sealed('登记时身份证号录入错误'),
  on: '2020-10-01',
  by: gridWorker,
  ...over,
});
const confirm = (by = communityOfficial, correctionId = 'c-1', personId = son.personId): HouseholdCommand => ({
  type: 'confirm-correction',
  correctionId,
  personId,
  birthDate: '1965-09-12',
  on: '2020-10-08',
  by,
});
const reject = (by = communityOfficial): HouseholdCommand => ({
  type: 'reject-correction',
  correctionId: 'c-1',
  personId: son.personId,
  reason: sealed('证明材料不符'),
  on: '2020-10-08',
  by,
});

/** The son's ID number was mistyped: the right one says he was born on 1965-09-12. */
const newId = { idNumber: sealed('4311031965091200xx'), idHash: idHash(9999), birthDate: '1965-09-12', birthYear: 1965 };
const requested = (corrected: Request['corrected'] = newId): HouseholdEvent => ({
  type: 'grid-records.resident.correction-requested',
  data: {
    householdId: 'h-liu',
    personId: son.personId,
    correctionId: 'c-1',
    corrected,
    on: '2020-10-01',
    reason: sealed('登记时身份证号录入错误'),
    by: gridWorker,
  },
  occurredAt: '2020-10-01',
});

/** The events a command emits after a history (for a "then the state is" test). */
const decided = (history: HouseholdEvent[], cmd: HouseholdCommand): HouseholdEvent[] =>
  householdDecider.decide(cmd, history.reduce(householdDecider.evolve, householdDecider.initialState));

describe('a grid worker corrects a phone number at once (信息更正)', () => {
  test('the corrected phone is recorded with who, why and when', () => {
    given(registered())
      .when(request({ phone: sealed('13807460000') }, { evidence: sealed('本人申报') }))
      .then({
        type: 'grid-records.resident.details-corrected',
        data: {
          householdId: 'h-liu',
          personId: son.personId,
          corrected: { phone: sealed('13807460000') },
          on: '2020-10-01',
          reason: sealed('登记时身份证号录入错误'),
          evidence: sealed('本人申报'),
          by: gridWorker,
        },
        occurredAt: '2020-10-01',
      });
  });

  test('a phone correction is not held up by a request awaiting an official', () => {
    given(registered(), requested())
      .when(request({ phone: sealed('13807460000') }, { correctionId: 'c-2' }))
      .thenMatches(like({ type: 'grid-records.resident.details-corrected' }));
  });
});

describe('a name or ID number waits for an official (户口登记条例 第十七条)', () => {
  test('an ID number correction is requested with its new hash and the birth date it encodes', () => {
    given(registered()).when(request(newId)).then(requested());
  });

  test('a name correction is requested too', () => {
    given(registered())
      .when(request({ name: sealed('刘建民') }))
      .thenMatches(like({ type: 'grid-records.resident.correction-requested', data: { corrected: { name: sealed('刘建民') } } }));
  });

  test('a community official confirms it: the correction names the request, who asked and who confirmed', () => {
    given(registered(), requested())
      .when(confirm())
      .then({
        type: 'grid-records.resident.details-corrected',
        data: {
          householdId: 'h-liu',
          personId: son.personId,
          corrected: newId,
          on: '2020-10-08',
          reason: sealed('登记时身份证号录入错误'),
          correctionId: 'c-1',
          requestedBy: gridWorker,
          by: communityOfficial,
        },
        occurredAt: '2020-10-08',
      });
  });

  test('after the confirmation the record holds the new hash and birth date, and nothing awaits', () => {
    const confirmed = decided([registered(), requested()], confirm());
    given(registered(), requested(), ...confirmed).thenState({
      residents: expect.objectContaining({ [son.personId]: expect.objectContaining({ idHash: idHash(9999), birthDate: '1965-09-12' }) }),
      corrections: {},
    });
  });

  test('a grid worker cannot confirm', () => {
    given(registered(), requested())
      .when(confirm({ id: 'worker-wang', role: 'grid-worker' }))
      .thenRefuses('official-confirmation');
  });

  test('an official does not confirm their own request', () => {
    const own = { ...requested(), data: { ...requested().data, by: township } } as HouseholdEvent;
    given(registered(), own).when(confirm(township)).thenRefuses('own-request');
  });

  test('an official turns a request down, saying why; it can no longer be confirmed', () => {
    given(registered(), requested())
      .when(reject())
      .then({
        type: 'grid-records.resident.correction-rejected',
        data: {
          householdId: 'h-liu',
          personId: son.personId,
          correctionId: 'c-1',
          on: '2020-10-08',
          reason: sealed('证明材料不符'),
          by: communityOfficial,
        },
        occurredAt: '2020-10-08',
      });
    const rejected = decided([registered(), requested()], reject());
    given(registered(), requested(), ...rejected)
      .when(confirm())
      .thenRefuses('unknown-correction');
  });

  test('a second request for the same person waits until the first is decided', () => {
    given(registered(), requested())
      .when(request({ name: sealed('刘建民') }, { correctionId: 'c-2' }))
      .thenRefuses('correction-pending');
  });

  test('confirming an unknown request is refused', () => {
    given(registered()).when(confirm(communityOfficial, 'c-404')).thenRefuses('unknown-correction');
  });

  test('another person’s request is not this person’s to confirm', () => {
    given(registered(), requested())
      .when(confirm(communityOfficial, 'c-1', grandmother.personId))
      .thenRefuses('unknown-correction');
  });
});

describe('what a correction may not do', () => {
  test('a correction that changes nothing is refused', () => {
    given(registered())
      .when(request({}, { unchanged: ['name'] }))
      .thenRefuses('no-change');
  });

  test('an ID number with the recorded hash is no change', () => {
    given(registered())
      .when(request({ idNumber: sealed('same'), idHash: son.idHash, birthDate: son.birthDate, sex: son.sex }))
      .thenRefuses('no-change');
  });

  test('a correction naming nothing is refused', () => {
    given(registered()).when(request({})).thenRefuses('nothing-to-correct');
  });

  test('a corrected ID number that belongs to another member is refused', () => {
    given(registered())
      .when(request({ idNumber: sealed('gm'), idHash: grandmother.idHash }))
      .thenRefuses('duplicate-id');
  });

  test('a corrected birth date after the recorded death is refused', () => {
    given(registered(), died(son.personId, '2020-03-01', son.idHash))
      .when(request({ ...newId, birthDate: '2020-04-01' }))
      .thenRefuses('died-before-birth');
  });

  test('a corrected birth date after the person joined the household is refused', () => {
    given(registered())
      .when(request({ ...newId, birthDate: '2020-02-01' }))
      .thenRefuses('birth-after-date');
  });

  test('corrections stay possible after the household moved out', () => {
    given(registered(), movedOut('2020-09-30'))
      .when(request({ phone: sealed('13807460000') }, { personId: granddaughter.personId }))
      .thenMatches(like({ type: 'grid-records.resident.details-corrected' }));
  });

  test('correcting a person who was never a member is refused', () => {
    given(registered())
      .when(request({ phone: sealed('1') }, { personId: 'p-stranger' }))
      .thenRefuses('not-a-member');
  });
});
