import type { Decider } from '@grid/platform/decider';
import type { householdRegistrationElsewhereRefused } from '@grid/contracts';
import type { IsoDate } from '../shared/dates';
import { evt, type Actor, type DataOf, type Evt } from '../shared/events';
import { evolveHousehold, initialHousehold } from './evolve';
import type { HouseholdEvent, HouseholdState } from './types';

type Refused = DataOf<typeof householdRegistrationElsewhereRefused>;

/** A registration of this household's person, tried outside its scope and refused without saying where. */
export type FollowUpCommand = { type: 'note-refused-registration'; personId: string | null; standing: Refused['standing']; on: IsoDate; by: Actor };

export type FollowUpEvent = Evt<'grid-records.household.registration-elsewhere-refused', Refused>;

/**
 * 重复登记待核实: the refusal the caller got says nothing of this household; its officials find it in the
 * household's history and follow up (two registrations of one person, a death not known where they live, a probe).
 */
export function decideFollowUp(cmd: FollowUpCommand, s: HouseholdState): FollowUpEvent[] {
  if (s.status === 'none') return [];
  return [
    evt(
      'grid-records.household.registration-elsewhere-refused',
      { householdId: s.householdId, personId: cmd.personId, standing: cmd.standing, on: cmd.on, by: cmd.by },
      cmd.on,
    ),
  ];
}

export const followUpDecider: Decider<FollowUpCommand, HouseholdEvent | FollowUpEvent, HouseholdState> = {
  initialState: initialHousehold,
  decide: decideFollowUp,
  evolve: evolveHousehold,
};
