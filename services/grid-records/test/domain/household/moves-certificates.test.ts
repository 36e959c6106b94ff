import { specFor } from '@grid/platform/decider';
import { householdDecider } from '../../../src/domain/household/decide';
import type { HouseholdCommand } from '../../../src/domain/household/types';
import { gridWorker, like, sealed } from '../fixtures';
import { died, granddaughter, grandmother, movedOut, registered, son } from './household-fixtures';

const given = specFor(householdDecider);
const transfer = (toGridId: string, on: string): HouseholdCommand => ({ type: 'transfer', toGridId, toGridOpenedOn: '2019-01-01', on, by: gridWorker });
const certify = (personId: string, grade: number, certifiedOn = '2020-09-01'): HouseholdCommand => ({
  type: 'certify-disability',
  personId,
  kind: 'physical',
  grade,
  sealed: { kind: sealed('physical'), grade: sealed(String(grade)) },
  certifiedOn,
  by: gridWorker,
});

describe('moving within and out of the district', () => {
  test('a household moves to another grid from its effective date', () => {
    given(registered())
      .when(transfer('g-2', '2020-06-01'))
      .then({
        type: 'grid-records.household.transferred',
        data: { householdId: 'h-liu', fromGridId: 'g-1', toGridId: 'g-2', on: '2020-06-01', by: gridWorker },
        occurredAt: '2020-06-01',
      });
  });

  test('a transfer to the grid it is already in is refused', () => {
    given(registered()).when(transfer('g-1', '2020-06-01')).thenRefuses('same-grid');
  });

  test('a transfer effective before the household was registered is refused', () => {
    given(registered()).when(transfer('g-2', '2019-06-01')).thenRefuses('date-out-of-order');
  });

  test('moving out of the district names the members who left', () => {
    given(registered()).when({ type: 'move-out', on: '2020-09-30', by: gridWorker }).then(movedOut('2020-09-30'));
  });

  test('members who died before the move do not move out with the household', () => {
    given(registered(), died(son.personId, '2020-03-01', son.idHash))
      .when({ type: 'move-out', on: '2020-09-30', by: gridWorker })
      .then(movedOut('2020-09-30', [grandmother.personId, granddaughter.personId]));
  });

  test('a household that moved out refuses further changes', () => {
    given(registered(), movedOut('2020-09-30')).when(transfer('g-2', '2020-10-01')).thenRefuses('moved-out');
  });

  test('a household that moved out cannot move out again', () => {
    given(registered(), movedOut('2020-09-30')).when({ type: 'move-out', on: '2020-10-30', by: gridWorker }).thenRefuses('moved-out');
  });
});

describe('disability certificates (残疾证)', () => {
  test('a grade 2 physical disability is certified, kind and grade sealed as the application gave them (health data)', () => {
    given(registered())
      .when(certify(son.personId, 2))
      .then({
        type: 'grid-records.resident.disability-certified',
        data: {
          householdId: 'h-liu',
          personId: son.personId,
          kind: sealed('physical'),
          grade: sealed('2'),
          previousGrade: null,
          certifiedOn: '2020-09-01',
          by: gridWorker,
        },
        occurredAt: '2020-09-01',
      });
  });

  test('a re-assessment keeps the previous grade in the event', () => {
    given(registered(), {
      type: 'grid-records.resident.disability-certified',
      data: {
        householdId: 'h-liu',
        personId: son.personId,
        kind: sealed('physical'),
        grade: sealed('3'),
        previousGrade: null,
        certifiedOn: '2019-09-01',
        by: gridWorker,
      },
      occurredAt: '2019-09-01',
    })
      .when(certify(son.personId, 1))
      .thenMatches(like({ data: { grade: sealed('1'), previousGrade: sealed('3') } }));
  });

  test('a re-assessment after a certificate recorded in clear (a v1 event) keeps that grade as written', () => {
    given(registered(), {
      type: 'grid-records.resident.disability-certified',
      data: { householdId: 'h-liu', personId: son.personId, kind: 'physical', grade: 3, previousGrade: null, certifiedOn: '2019-09-01', by: gridWorker },
      occurredAt: '2019-09-01',
    })
      .when(certify(son.personId, 1))
      .thenMatches(like({ data: { grade: sealed('1'), previousGrade: 3 } }));
  });

  test.each([0, 5, 2.5])('grade %s is not a disability grade and is refused', (grade) => {
    given(registered()).when(certify(son.personId, grade)).thenRefuses('disability-grade');
  });

  test('a certificate for a member who died is refused', () => {
    given(registered(), died(son.personId, '2020-03-01', son.idHash))
      .when(certify(son.personId, 2))
      .thenRefuses('member-dead');
  });

  test('a certificate for someone outside the household is refused', () => {
    given(registered()).when(certify('p-stranger', 2)).thenRefuses('not-a-member');
  });
});
