import { evolveHousehold, initialHousehold } from '../../../src/domain/household/evolve';
import { heldIdentity } from '../../../src/domain/household/rules';
import type { HouseholdEvent } from '../../../src/domain/household/types';
import { died, grandmother, movedOut, registered, removed, son } from './household-fixtures';

const state = (...events: HouseholdEvent[]) => events.reduce(evolveHousehold, initialHousehold);

describe('which ID numbers a household’s record holds (for the identity reservation)', () => {
  test('a current member’s', () => {
    expect(heldIdentity(state(registered()), son.idHash)).toBe('member');
  });

  test('not a member’s who left', () => {
    expect(heldIdentity(state(registered(), removed(son.personId, '2021-01-01')), son.idHash)).toBeNull();
  });

  test('not the living members’ once the household moved out of the district', () => {
    expect(heldIdentity(state(registered(), movedOut('2021-01-01')), grandmother.idHash)).toBeNull();
  });

  test('a member who died here, for good: even after the household moved out', () => {
    const history = state(registered(), died(son.personId, '2020-03-01', son.idHash), movedOut('2021-01-01', [grandmother.personId]));
    expect(heldIdentity(history, son.idHash)).toBe('died');
  });

  test('nobody’s in a household never registered', () => {
    expect(heldIdentity(initialHousehold, son.idHash)).toBeNull();
  });
});
