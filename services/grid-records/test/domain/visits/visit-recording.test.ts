import { specFor } from '@grid/platform/decider';
import { visitDecider, type VisitCommand } from '../../../src/domain/visits/decide';
import { gridWorker, like, sealed } from '../fixtures';
import { died, grandmother, movedOut, registered, removed, son } from '../household/household-fixtures';

const given = specFor(visitDecider);
const visit = (over: Partial<VisitCommand> = {}): VisitCommand => ({
  type: 'record-visit',
  visitId: 'v-1',
  personIds: [grandmother.personId],
  visitedOn: '2020-06-05',
  kind: 'care',
  findings: ['all-well'],
  by: gridWorker,
  ...over,
});

describe('recording a visit (走访/探访关爱) on the household’s stream', () => {
  test('the grid worker records a care visit to the grandmother: who, when, what was found', () => {
    given(registered())
      .when(visit({ note: sealed('血压偏高, 已提醒复诊') }))
      .then({
        type: 'grid-records.visit.recorded',
        data: {
          visitId: 'v-1',
          householdId: 'h-liu',
          personIds: [grandmother.personId],
          visitedOn: '2020-06-05',
          kind: 'care',
          findings: ['all-well'],
          note: sealed('血压偏高, 已提醒复诊'),
          by: gridWorker,
        },
        occurredAt: '2020-06-05',
      });
  });

  test('a visit that found nobody at home is still a visit', () => {
    given(registered())
      .when(visit({ personIds: [], findings: ['not-at-home'] }))
      .thenMatches(like({ data: { personIds: [], findings: ['not-at-home'] } }));
  });

  test('a visit without findings is refused', () => {
    given(registered())
      .when(visit({ findings: [] }))
      .thenRefuses('findings-required');
  });

  test('a visit to a household that is not registered is refused', () => {
    given().when(visit()).thenRefuses('unknown-household');
  });

  test('a visit dated before the household was registered is refused', () => {
    given(registered())
      .when(visit({ visitedOn: '2019-12-31' }))
      .thenRefuses('visit-before-registration');
  });

  test('a visit after the household moved out is refused', () => {
    given(registered(), movedOut('2020-05-31')).when(visit()).thenRefuses('moved-out');
  });

  test('a visit after the household ended is refused', () => {
    given(registered([grandmother]), died(grandmother.personId, '2020-05-01', grandmother.idHash), {
      type: 'grid-records.household.ended',
      data: { householdId: 'h-liu', on: '2020-05-01', cause: 'last-member-died', by: gridWorker },
      occurredAt: '2020-05-01',
    })
      .when(visit({ personIds: [] }))
      .thenRefuses('household-ended');
  });

  test('seeing a member after the day they died is refused: the record is wrong somewhere', () => {
    given(registered(), died(son.personId, '2020-05-01', son.idHash))
      .when(visit({ personIds: [son.personId] }))
      .thenRefuses('member-dead');
  });

  test('seeing someone who had left the household is refused', () => {
    given(registered(), removed(son.personId, '2020-05-01'))
      .when(visit({ personIds: [son.personId] }))
      .thenRefuses('not-a-member');
  });

  test('the same visit recorded twice changes nothing', () => {
    given(registered(), {
      type: 'grid-records.visit.recorded',
      data: {
        visitId: 'v-1',
        householdId: 'h-liu',
        personIds: [],
        visitedOn: '2020-06-05',
        kind: 'care',
        findings: ['all-well'],
        by: gridWorker,
      },
      occurredAt: '2020-06-05',
    })
      .when(visit())
      .thenNothing();
  });
});
