import { specFor } from '@grid/platform/decider';
import {
  personDecider,
  type PersonCommand,
  type PersonEvent,
  type RegisterOfficialRelative,
} from '../../../src/domain/person/official-relative';
import { district, idHash, like, sealed, township } from '../fixtures';

const SON = 'p-liu-son';

const given = specFor(personDecider);

describe('近亲属备案: filing and withdrawing (person stream)', () => {
  const official = { name: sealed('某副镇长'), idHash: idHash(777), position: '副镇长', unit: '黄阳司镇人民政府' };
  const register = (over: Partial<RegisterOfficialRelative> = {}): PersonCommand => ({
    type: 'register-official-relative',
    registrationId: 'r-1',
    personId: SON,
    idHash: idHash(42),
    relation: 'sibling',
    official,
    on: '2021-01-05',
    by: township,
    ...over,
  });
  const registered: PersonEvent = {
    type: 'grid-records.official-relative.registered',
    data: { registrationId: 'r-1', personId: SON, idHash: idHash(42), relation: 'sibling', official, on: '2021-01-05', by: township },
    occurredAt: '2021-01-05',
  };

  test('the sibling of a deputy township head is registered', () => {
    given().when(register()).then(registered);
  });

  test('the same registration filed twice changes nothing', () => {
    given(registered).when(register()).thenNothing();
  });

  test('registering the same official again under another number is refused', () => {
    given(registered)
      .when(register({ registrationId: 'r-2' }))
      .thenRefuses('already-registered');
  });

  test('an official is not registered as their own relative', () => {
    given()
      .when(register({ idHash: official.idHash }))
      .thenRefuses('self-relative');
  });

  test('a registration for another person on this stream is refused', () => {
    given(registered)
      .when(register({ registrationId: 'r-3', personId: 'p-other', official: { ...official, idHash: idHash(778) } }))
      .thenRefuses('wrong-person');
  });

  const withdraw = (over: Partial<Extract<PersonCommand, { type: 'withdraw-official-relative' }>> = {}): PersonCommand => ({
    type: 'withdraw-official-relative',
    registrationId: 'r-1',
    cause: 'left-office',
    reason: '该副镇长已调离',
    on: '2022-03-01',
    by: district,
    ...over,
  });
  const withdrawn: PersonEvent = {
    type: 'grid-records.official-relative.withdrawn',
    data: { registrationId: 'r-1', personId: SON, cause: 'left-office', reason: '该副镇长已调离', on: '2022-03-01', by: district },
    occurredAt: '2022-03-01',
  };

  test('the filing is withdrawn when the official leaves office, naming cause, reason and date', () => {
    given(registered).when(withdraw()).then(withdrawn);
  });

  test('a withdrawn filing no longer counts: applications from then on are not flagged', () => {
    given(registered, withdrawn).thenState({ registrations: [], withdrawn: ['r-1'] });
  });

  test('withdrawing a filing that was never made is refused', () => {
    given(registered)
      .when(withdraw({ registrationId: 'r-9' }))
      .thenRefuses('unknown-registration');
  });

  test('withdrawing a filing twice is refused', () => {
    given(registered, withdrawn).when(withdraw()).thenRefuses('already-withdrawn');
  });

  test('a withdrawal taking effect before the filing is refused', () => {
    given(registered)
      .when(withdraw({ on: '2020-12-31' }))
      .thenRefuses('date-out-of-order');
  });

  test('a retried filing does not bring a withdrawn one back', () => {
    given(registered, withdrawn).when(register()).thenNothing();
  });

  test('the same official may be filed again after a withdrawal (re-appointed)', () => {
    given(registered, withdrawn)
      .when(register({ registrationId: 'r-2', on: '2023-01-01' }))
      .thenMatches(like<PersonEvent>({ data: { registrationId: 'r-2', on: '2023-01-01' } }));
  });
});
