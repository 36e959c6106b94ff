import { specFor } from '@grid/platform/decider';
import { followUpDecider, type FollowUpCommand } from '../../../src/domain/household/registration-follow-up';
import { registered, son } from './household-fixtures';

const given = specFor(followUpDecider);
const elsewhere = { id: 'worker-zhao', role: 'grid-worker' } as const;
const refusedElsewhere = (standing: 'member' | 'died'): FollowUpCommand => ({
  type: 'note-refused-registration',
  personId: son.personId,
  standing,
  on: '2020-10-02',
  by: elsewhere,
});

describe('a registration of one of ours refused elsewhere (重复登记待核实)', () => {
  test('is noted on the household that holds the person, naming who tried, for its officials to follow up', () => {
    given(registered())
      .when(refusedElsewhere('member'))
      .then({
        type: 'grid-records.household.registration-elsewhere-refused',
        data: { householdId: 'h-liu', personId: son.personId, standing: 'member', on: '2020-10-02', by: elsewhere },
        occurredAt: '2020-10-02',
      });
  });

  test('a household never recorded has nothing to follow up', () => {
    given().when(refusedElsewhere('died')).then();
  });

  test('noting it changes nothing the household decides on', () => {
    const before = [registered()].reduce(followUpDecider.evolve, followUpDecider.initialState);
    const noted = followUpDecider.decide(refusedElsewhere('member'), before);
    expect(noted.reduce(followUpDecider.evolve, before)).toEqual(before);
  });
});
