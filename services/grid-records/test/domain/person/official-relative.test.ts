import { specFor } from '@grid/platform/testing';
import { personDecider, type PersonCommand, type PersonEvent } from '../../../src/domain/person/official-relative';
import { idHash, sealed, township } from '../fixtures';

const SON = 'p-liu-son';

const given = specFor(personDecider);

describe('registering a close relative (person stream)', () => {
  const official = { name: sealed('某副镇长'), idHash: idHash(777), position: '副镇长', unit: '黄阳司镇人民政府' };
  const register = (over: Partial<PersonCommand> = {}): PersonCommand => ({
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
});
