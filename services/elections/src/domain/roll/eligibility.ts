import type { RollBasis, RuleSet } from '@grid/contracts';
import { yearsBetween, type IsoDate } from '../dates';
import { refused, type Refusal } from '@grid/platform/decider';
import { ART } from '../rules/articles';
import type { VoterFacts } from '../types';

/** Under `age` on voting day: the birth year decides, but for who turns `age` in the voting year (their date decides; unknown: not shown of age). */
export function underAge(v: Pick<VoterFacts, 'birthYear' | 'birthDate'>, votingDay: IsoDate, age: number): boolean {
  const turns = Number(votingDay.slice(0, 4)) - v.birthYear;
  if (turns !== age) return turns < age;
  return v.birthDate === undefined || yearsBetween(v.birthDate, votingDay) < age;
}

/**
 * Who goes on the roll (选民登记, Art 13), judged on voting day: 18 or over, not deprived of political rights,
 * and one of (1) registered and living here, (2) registered here, living away, and asked to take part,
 * (3) living here at least a year, applied and admitted by the villagers' assembly or representatives.
 * Returns the basis, or the refusal that names the rule (the application layer can filter with it too).
 */
export function rollBasis(v: VoterFacts, votingDay: IsoDate, rules: RuleSet, electionId: string): RollBasis | Refusal {
  const field = { field: v.voterId };
  if (underAge(v, votingDay, rules.minVoterAge.value)) {
    return refused('voter-under-age', `${v.voterId} is under ${rules.minVoterAge.value} on voting day ${votingDay}`, { source: rules.minVoterAge.source, ...field });
  }
  if (v.deprivedOfPoliticalRights) return refused('deprived-of-political-rights', `${v.voterId} is deprived of political rights`, { source: ART.voterAge, ...field });
  if (v.onOtherRoll && v.onOtherRoll.electionId !== electionId) {
    return refused('already-on-another-roll', `${v.voterId} is already on the roll of ${v.onOtherRoll.regionId} (election ${v.onOtherRoll.electionId})`, {
      source: ART.oneRoll,
      ...field,
    });
  }
  if (v.registeredHere && v.livingHere) return 'registered-living';
  if (v.registeredHere) {
    if (!v.askedOn) return refused('away-voter-did-not-ask', `${v.voterId} lives away and has not asked to take part`, { source: ART.rollRegisteredAway, ...field });
    return 'registered-away';
  }
  if (!v.livingHere) return refused('not-registered-or-living-here', `${v.voterId} is neither registered nor living here`, { source: ART.voterAge, ...field });
  const years = rules.applicantResidenceYears;
  if (!v.livingSince || yearsBetween(v.livingSince, votingDay) < years.value) {
    return refused('residence-too-short', `${v.voterId} has not lived here ${years.value} year(s) by voting day`, { source: years.source, ...field });
  }
  if (!v.appliedOn || !v.admittedOn) {
    return refused('resident-not-admitted', `${v.voterId} must apply and be admitted by the villagers' assembly or representatives`, {
      source: ART.rollResidentAdmitted,
      ...field,
    });
  }
  return 'resident-admitted';
}
