import type { Decider } from '@grid/platform/decider';
import { addMember, changeHead, moveOut, register, removeMember, transfer } from './decide-members';
import { confirmCorrection, rejectCorrection, requestCorrection } from './decide-corrections';
import { certifyDisability, recordDeath, revokeDeath } from './decide-life-events';
import { evolveHousehold, initialHousehold } from './evolve';
import type { HouseholdCommand, HouseholdEvent, HouseholdState } from './types';

/** Household (户) with its residents, stream `household-<householdId>`. */
export function decideHousehold(cmd: HouseholdCommand, s: HouseholdState): HouseholdEvent[] {
  switch (cmd.type) {
    case 'register':
      return register(cmd, s);
    case 'add-member':
      return addMember(cmd, s);
    case 'remove-member':
      return removeMember(cmd, s);
    case 'change-head':
      return changeHead(cmd, s);
    case 'transfer':
      return transfer(cmd, s);
    case 'move-out':
      return moveOut(cmd, s);
    case 'record-death':
      return recordDeath(cmd, s);
    case 'revoke-death':
      return revokeDeath(cmd, s);
    case 'certify-disability':
      return certifyDisability(cmd, s);
    case 'request-correction':
      return requestCorrection(cmd, s);
    case 'confirm-correction':
      return confirmCorrection(cmd, s);
    case 'reject-correction':
      return rejectCorrection(cmd, s);
  }
}

export const householdDecider: Decider<HouseholdCommand, HouseholdEvent, HouseholdState> = {
  initialState: initialHousehold,
  decide: decideHousehold,
  evolve: evolveHousehold,
};
