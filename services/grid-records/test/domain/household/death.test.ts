import { specFor } from '@grid/platform/decider';
import { householdDecider } from '../../../src/domain/household/decide';
import type { HouseholdCommand } from '../../../src/domain/household/types';
import { gridWorker } from '../fixtures';
import { died, granddaughter, grandmother, movedOut, registered, removed, son } from './household-fixtures';

const given = specFor(householdDecider);
const death = (personId: string, diedOn: string, newHeadId?: string): HouseholdCommand => ({
  type: 'record-death',
  personId,
  diedOn,
  evidence: 'death-certificate',
  ...(newHeadId ? { newHeadId } : {}),
  by: gridWorker,
});

describe('a resident’s death (死亡)', () => {
  test('the death of a member is recorded at the day of death', () => {
    given(registered())
      .when(death(son.personId, '2020-07-15'))
      .then(died(son.personId, '2020-07-15', son.idHash));
  });

  test('a death reported months late keeps its real date, which is what stops payments (seed 002)', () => {
    given(registered(), {
      type: 'grid-records.household.transferred',
      data: { householdId: 'h-liu', fromGridId: 'g-1', toGridId: 'g-2', on: '2020-11-01', by: gridWorker },
      occurredAt: '2020-11-01',
    })
      .when(death(son.personId, '2020-03-02'))
      .then(died(son.personId, '2020-03-02', son.idHash));
  });

  test('a death before the person was born (their birth date as the application opened it) is refused', () => {
    given(registered())
      .when({ ...death(granddaughter.personId, '2009-01-01'), birthDate: '2010-06-01' } as HouseholdCommand)
      .thenRefuses('died-before-birth');
  });

  test('that refusal does not say the birth date, which was opened only to check the rule', () => {
    const command = { ...death(granddaughter.personId, '2009-01-01'), birthDate: '2010-06-01' } as HouseholdCommand;
    const state = [registered()].reduce(householdDecider.evolve, householdDecider.initialState);
    expect(() => householdDecider.decide(command, state)).toThrow(/recorded birth date/);
    expect(() => householdDecider.decide(command, state)).not.toThrow(/2010-06-01/);
  });

  test('the death of the head names the new head in the same step', () => {
    given(registered())
      .when(death(grandmother.personId, '2020-12-03', son.personId))
      .then(died(grandmother.personId, '2020-12-03', grandmother.idHash), {
        type: 'grid-records.household.head-changed',
        data: {
          householdId: 'h-liu',
          fromPersonId: grandmother.personId,
          toPersonId: son.personId,
          on: '2020-12-03',
          cause: 'death',
          by: gridWorker,
        },
        occurredAt: '2020-12-03',
      });
  });

  test('the death of the head without a successor, while others live, is refused', () => {
    given(registered()).when(death(grandmother.personId, '2020-12-03')).thenRefuses('head-needs-successor');
  });

  test('a successor who is not a living member is refused', () => {
    given(registered(), died(son.personId, '2020-06-01', son.idHash))
      .when(death(grandmother.personId, '2020-12-03', son.personId))
      .thenRefuses('successor-not-eligible');
  });

  test('the dead head cannot be named their own successor', () => {
    given(registered())
      .when(death(grandmother.personId, '2020-12-03', grandmother.personId))
      .thenRefuses('successor-not-eligible');
  });

  test('naming a successor for a member who was not head is refused', () => {
    given(registered())
      .when(death(son.personId, '2020-12-03', granddaughter.personId))
      .thenRefuses('successor-not-needed');
  });

  test('the death of the last living member ends the household', () => {
    given(registered([grandmother]))
      .when(death(grandmother.personId, '2020-12-03'))
      .then(died(grandmother.personId, '2020-12-03', grandmother.idHash), {
        type: 'grid-records.household.ended',
        data: { householdId: 'h-liu', on: '2020-12-03', cause: 'last-member-died', by: gridWorker },
        occurredAt: '2020-12-03',
      });
  });

  test('recording the same death again changes nothing', () => {
    given(registered(), died(son.personId, '2020-07-15', son.idHash))
      .when(death(son.personId, '2020-07-15'))
      .thenNothing();
  });

  test('a second, different death date for the same person is refused', () => {
    given(registered(), died(son.personId, '2020-07-15', son.idHash))
      .when(death(son.personId, '2020-08-15'))
      .thenRefuses('already-dead');
  });

  test('a death after the household moved out of the district is refused', () => {
    given(registered(), movedOut('2020-09-30')).when(death(son.personId, '2020-10-02')).thenRefuses('death-after-move-out');
  });

  test('a death before the move-out, reported afterwards, is still recorded', () => {
    given(registered(), movedOut('2020-09-30'))
      .when(death(son.personId, '2020-09-01'))
      .then(died(son.personId, '2020-09-01', son.idHash));
  });

  test('a death after the person left the household is refused here', () => {
    given(registered(), removed(son.personId, '2020-04-01')).when(death(son.personId, '2020-06-01')).thenRefuses('not-a-member');
  });

  test('a death of someone who was never a member is refused', () => {
    given(registered()).when(death('p-stranger', '2020-06-01')).thenRefuses('not-a-member');
  });

  test('an ended household refuses further deaths', () => {
    given(registered([grandmother]), died(grandmother.personId, '2020-12-03', grandmother.idHash), {
      type: 'grid-records.household.ended',
      data: { householdId: 'h-liu', on: '2020-12-03', cause: 'last-member-died', by: gridWorker },
      occurredAt: '2020-12-03',
    })
      .when(death(grandmother.personId, '2020-12-03'))
      .thenRefuses('household-ended');
  });

  test('the folded household keeps the dead resident with the day of death', () => {
    given(registered(), died(son.personId, '2020-07-15', son.idHash)).thenState({
      residents: expect.objectContaining({ [son.personId]: expect.objectContaining({ diedOn: '2020-07-15' }) }),
    });
  });
});
