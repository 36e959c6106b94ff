import { specFor } from '@grid/platform/decider';
import { householdDecider } from '../../../src/domain/household/decide';
import { gridWorker, member } from '../fixtures';
import { died, granddaughter, grandmother, register, registered, removed, son } from './household-fixtures';

const given = specFor(householdDecider);

describe('registering a household (户)', () => {
  test('a household is registered in its grid with its members and one head', () => {
    given().when(register()).then(registered());
  });

  test('a household without a head is refused', () => {
    given()
      .when(register([{ ...grandmother, relation: 'parent' }, son]))
      .thenRefuses('one-head');
  });

  test('a household with two heads is refused', () => {
    given()
      .when(register([grandmother, { ...son, relation: 'head' }]))
      .thenRefuses('one-head');
  });

  test('the same person listed twice is refused', () => {
    given()
      .when(register([grandmother, son, son]))
      .thenRefuses('duplicate-member');
  });

  test('two members with the same ID number are refused', () => {
    given()
      .when(register([grandmother, { ...son, idHash: grandmother.idHash }]))
      .thenRefuses('duplicate-id');
  });

  test('a member born after the registration date is refused', () => {
    given()
      .when(register([grandmother, member('p-baby', 'grandchild', '2020-02-01')]))
      .thenRefuses('birth-after-date');
  });

  test('a person already registered in another household of the district is refused', () => {
    given()
      .when(register(undefined, { registeredElsewhere: [son.idHash] }))
      .thenRefuses('registered-elsewhere');
  });

  test('registering the same household twice is refused', () => {
    given(registered()).when(register()).thenRefuses('already-exists');
  });
});

describe('members joining and leaving', () => {
  const baby = member('p-liu-baby', 'grandchild', '2020-05-01', 'male');

  test('a newborn joins the household', () => {
    given(registered())
      .when({ type: 'add-member', member: baby, birthDate: '2020-05-01', registeredElsewhere: false, on: '2020-05-20', by: gridWorker })
      .then({
        type: 'grid-records.household.member-added',
        data: { householdId: 'h-liu', member: baby, on: '2020-05-20', by: gridWorker },
        occurredAt: '2020-05-20',
      });
  });

  test('adding a second head is refused', () => {
    given(registered())
      .when({ type: 'add-member', member: { ...baby, relation: 'head' }, birthDate: '2020-05-01', registeredElsewhere: false, on: '2020-05-20', by: gridWorker })
      .thenRefuses('one-head');
  });

  test('adding someone who is already a member is refused', () => {
    given(registered())
      .when({ type: 'add-member', member: son, birthDate: '1965-09-10', registeredElsewhere: false, on: '2020-05-20', by: gridWorker })
      .thenRefuses('duplicate-member');
  });

  test('adding a person registered in another household is refused', () => {
    given(registered())
      .when({ type: 'add-member', member: baby, birthDate: '2020-05-01', registeredElsewhere: true, on: '2020-05-20', by: gridWorker })
      .thenRefuses('registered-elsewhere');
  });

  test('adding a member before the household was registered is refused', () => {
    given(registered())
      .when({
        type: 'add-member',
        member: { ...baby, birthDate: '2019-01-01' },
        birthDate: '2019-01-01',
        registeredElsewhere: false,
        on: '2019-12-01',
        by: gridWorker,
      })
      .thenRefuses('date-out-of-order');
  });

  test('adding a member to an unknown household is refused', () => {
    given()
      .when({ type: 'add-member', member: baby, birthDate: '2020-05-01', registeredElsewhere: false, on: '2020-05-20', by: gridWorker })
      .thenRefuses('unknown-household');
  });

  test('a member who moves away leaves the household', () => {
    given(registered())
      .when({ type: 'remove-member', personId: son.personId, reason: 'moved-away', on: '2020-08-01', by: gridWorker })
      .then(removed(son.personId, '2020-08-01'));
  });

  test('the head cannot leave before another member becomes head', () => {
    given(registered())
      .when({ type: 'remove-member', personId: grandmother.personId, reason: 'moved-away', on: '2020-08-01', by: gridWorker })
      .thenRefuses('head-cannot-leave');
  });

  test('removing someone who is not a member is refused', () => {
    given(registered())
      .when({ type: 'remove-member', personId: 'p-stranger', reason: 'other', on: '2020-08-01', by: gridWorker })
      .thenRefuses('not-a-member');
  });

  test('removing a member who died is refused: the death already closed their membership', () => {
    given(registered(), died(son.personId, '2020-03-01', son.idHash))
      .when({ type: 'remove-member', personId: son.personId, reason: 'other', on: '2020-08-01', by: gridWorker })
      .thenRefuses('member-dead');
  });
});

describe('changing the head (户主)', () => {
  test('the son becomes head by decision', () => {
    given(registered())
      .when({ type: 'change-head', personId: son.personId, on: '2020-09-01', by: gridWorker })
      .then({
        type: 'grid-records.household.head-changed',
        data: {
          householdId: 'h-liu',
          fromPersonId: grandmother.personId,
          toPersonId: son.personId,
          on: '2020-09-01',
          cause: 'decision',
          by: gridWorker,
        },
        occurredAt: '2020-09-01',
      });
  });

  test('making the current head head again changes nothing', () => {
    given(registered()).when({ type: 'change-head', personId: grandmother.personId, on: '2020-09-01', by: gridWorker }).thenNothing();
  });

  test('a member who died cannot become head', () => {
    given(registered(), died(son.personId, '2020-03-01', son.idHash))
      .when({ type: 'change-head', personId: son.personId, on: '2020-09-01', by: gridWorker })
      .thenRefuses('member-dead');
  });

  test('a former member cannot become head', () => {
    given(registered(), removed(granddaughter.personId, '2020-04-01'))
      .when({ type: 'change-head', personId: granddaughter.personId, on: '2020-09-01', by: gridWorker })
      .thenRefuses('not-a-member');
  });
});
