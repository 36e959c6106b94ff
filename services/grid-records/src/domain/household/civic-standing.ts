import { refused, type Decider } from '@grid/platform/decider';
import type { residentPoliticalRightsDeprived, residentPoliticalRightsRestored, residentResidenceRecorded } from '@grid/contracts';
import type { IsoDate } from '../shared/dates';
import { holdsPersonalNumber } from '../shared/personal-numbers';
import { evt, type Actor, type DataOf, type Evt } from '../shared/events';
import { evolveHousehold, initialHousehold } from './evolve';
import type { HouseholdEvent, HouseholdState } from './types';

/** Who may vote where: 村民委员会组织法 第十三条 (户籍 and residence; 依照法律被剥夺政治权利的人除外). */
export const VOTER_STANDING_SOURCE = '中华人民共和国村民委员会组织法 第十三条';

export type CivicStandingCommand =
  | { type: 'record-residence'; personId: string; hukou: 'here' | 'elsewhere'; living: 'here' | 'away'; since: IsoDate; on: IsoDate; by: Actor }
  | { type: 'deprive-political-rights'; personId: string; from: IsoDate; until: IsoDate | null; legalSource: string; courtReference: string; on: IsoDate; by: Actor }
  | { type: 'restore-political-rights'; personId: string; legalSource: string; reference: string; on: IsoDate; by: Actor };
export type CivicStandingEvent =
  | Evt<'grid-records.resident.residence-recorded', DataOf<typeof residentResidenceRecorded>>
  | Evt<'grid-records.resident.political-rights-deprived', DataOf<typeof residentPoliticalRightsDeprived>>
  | Evt<'grid-records.resident.political-rights-restored', DataOf<typeof residentPoliticalRightsRestored>>;
export type CivicStandingState = { household: HouseholdState; deprived: readonly string[] };

const noPersonalNumber = (text: string, field: string): void => {
  if (holdsPersonalNumber(text)) throw refused('personal-data-in-reference', `${field} names a law or a document (文号), never an ID or phone number`, { field });
};

/**
 * 户籍 and residence (grid worker) and 剥夺/恢复政治权利 (official, from the judgment) of a resident on the register.
 * Depriving one already deprived, or restoring one who is not, is refused: the record says which holds.
 */
export function decideCivicStanding(cmd: CivicStandingCommand, s: CivicStandingState): CivicStandingEvent[] {
  const h = s.household;
  if (h.status === 'none') throw refused('unknown-household', 'no such household');
  const resident = h.residents[cmd.personId];
  if (!resident) throw refused('not-a-member', 'the person never belonged to this household', { field: 'personId' });
  if (h.status !== 'active' || resident.leftOn !== null || resident.diedOn !== null) throw refused('not-on-register', 'the resident is no longer on the register', { field: 'personId' });
  const { householdId } = h;
  const { personId, on, by } = cmd;
  switch (cmd.type) {
    case 'record-residence':
      if (cmd.since > on) throw refused('since-in-future', `since ${cmd.since} lies after the day of recording ${on}`, { field: 'since' });
      return [evt('grid-records.resident.residence-recorded', { householdId, personId, hukou: cmd.hukou, living: cmd.living, since: cmd.since, on, by }, on)];
    case 'deprive-political-rights':
      if (s.deprived.includes(personId)) throw refused('already-deprived', 'the resident is already recorded as deprived of political rights', { source: VOTER_STANDING_SOURCE });
      if (cmd.until !== null && cmd.until <= cmd.from) throw refused('until-before-from', `until ${cmd.until} must lie after from ${cmd.from}`, { field: 'until' });
      noPersonalNumber(cmd.legalSource, 'legalSource');
      noPersonalNumber(cmd.courtReference, 'courtReference');
      return [evt('grid-records.resident.political-rights-deprived', { householdId, personId, from: cmd.from, until: cmd.until, legalSource: cmd.legalSource, courtReference: cmd.courtReference, on, by }, on)];
    case 'restore-political-rights':
      if (!s.deprived.includes(personId)) throw refused('not-deprived', 'the resident is not recorded as deprived of political rights', { source: VOTER_STANDING_SOURCE });
      noPersonalNumber(cmd.legalSource, 'legalSource');
      noPersonalNumber(cmd.reference, 'reference');
      return [evt('grid-records.resident.political-rights-restored', { householdId, personId, legalSource: cmd.legalSource, reference: cmd.reference, on, by }, on)];
  }
}

// Other events of the stream pass through evolveHousehold unchanged, as in erasureDecider.
export const civicStandingDecider: Decider<CivicStandingCommand, HouseholdEvent | CivicStandingEvent, CivicStandingState> = {
  initialState: { household: initialHousehold, deprived: [] },
  decide: decideCivicStanding,
  evolve: (s, e) => {
    switch (e.type) {
      case 'grid-records.resident.political-rights-deprived':
        return { ...s, deprived: [...s.deprived, e.data.personId] };
      case 'grid-records.resident.political-rights-restored':
        return { ...s, deprived: s.deprived.filter((p) => p !== e.data.personId) };
      case 'grid-records.resident.residence-recorded':
        return s;
      default:
        return { ...s, household: evolveHousehold(s.household, e) };
    }
  },
};
