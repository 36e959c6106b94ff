import { personSubject, type Sealed } from '@grid/contracts';
import type { PersonalDataVault, RegionDirectory } from '@grid/platform';
import type { VoterFacts } from '../domain/types';
import type { ElectionLookup, ElectionView } from '../projections/elections.projection';
import { birthYearOf, type HouseholdView, type ResidentLookup, type ResidentView } from '../projections/residents.projection';
import type { RollLookup } from '../projections/roll.projection';

/** Why elections opens a birth date grid-records sealed (the vault records each reveal): the year decides the rest. */
export const VOTER_AGE_REVEAL = {
  service: 'elections',
  purpose: '选民年龄: 投票日是否年满十八周岁 · who turns the voting age in the voting year (村民委员会组织法 第十三条)',
  by: 'elections',
} as const;

/**
 * What the roll rules need about residents, from elections' own projection of grid-records' events: 户籍 and
 * residence as a grid worker recorded them (none recorded: registered and living here since joining the household),
 * deprivation of political rights from a judgment. Gap (docs in the README): no 村民小组 (the grid stands in).
 */
export class VoterFactsSource {
  constructor(
    private readonly residents: ResidentLookup,
    private readonly regions: RegionDirectory,
    private readonly roll: RollLookup,
    private readonly elections: ElectionLookup,
    private readonly vault: PersonalDataVault,
  ) {}

  /**
   * Every member of an open household whose grid lies in the election's community or village, living there on `on`
   * (a death or removal recorded with a later date leaves them on a roll published that day). `minAge`: the rule's
   * voting age, whose birth dates are revealed for those turning it in the voting year.
   */
  async community(election: ElectionView, on: string, minAge: number): Promise<VoterFacts[]> {
    const within = new Map<string, boolean>();
    const others = await this.otherRolls(election);
    const living: { h: HouseholdView; m: ResidentView }[] = [];
    for (const h of await this.residents.openHouseholds()) {
      if (!within.has(h.gridId)) within.set(h.gridId, await this.regions.isWithin(h.gridId, [election.regionId]));
      if (!within.get(h.gridId)) continue;
      for (const m of h.members) if (livingOn(m, on)) living.push({ h, m });
    }
    const dates = await this.borderlineDates(election, living.map((x) => x.m), minAge);
    return living.map(({ h, m }) => this.facts(election, h, m, dates.get(m.personId), others.get(m.personId) ?? null));
  }

  /** One person's facts (for an upheld objection of omission), or null when no open household holds them. */
  async person(election: ElectionView, personId: string, minAge: number): Promise<VoterFacts | null> {
    const h = await this.residents.householdOf(personId);
    const m = h?.members.find((x) => x.personId === personId && !x.leftOn && !x.diedOn);
    if (!h || !m) return null;
    const dates = await this.borderlineDates(election, [m], minAge);
    const facts = this.facts(election, h, m, dates.get(m.personId), await this.otherRoll(election, personId));
    return { ...facts, livingHere: facts.livingHere && (await this.regions.isWithin(h.gridId, [election.regionId])) };
  }

  /**
   * The birth dates the rule gets: a clear one (grid-records' v1 events) as it is; a sealed one only for who turns
   * `minAge` in the voting year, the only ones the year leaves undecided, revealed in one recorded reveal (an erased
   * person's is absent).
   */
  private async borderlineDates(election: ElectionView, people: ResidentView[], minAge: number): Promise<Map<string, string>> {
    const votingYear = Number(election.votingDay.slice(0, 4));
    const out = new Map<string, string>();
    const sealed: { personId: string; subjectId: string; sealed: Sealed }[] = [];
    for (const m of people) {
      if (typeof m.birthDate === 'string') out.set(m.personId, m.birthDate);
      else if (votingYear - birthYearOf(m) === minAge) sealed.push({ personId: m.personId, subjectId: personSubject(m.personId), sealed: m.birthDate });
    }
    if (sealed.length === 0) return out;
    const opened = await this.vault.reveal(VOTER_AGE_REVEAL, sealed);
    sealed.forEach((s, i) => {
      const date = opened[i];
      if (date) out.set(s.personId, date);
    });
    return out;
  }

  private facts(election: ElectionView, h: HouseholdView, m: ResidentView, birthDate: string | undefined, onOtherRoll: VoterFacts['onOtherRoll']): VoterFacts {
    return {
      voterId: m.personId,
      // The vault's keyed hash (the deployment's master key): a leaf says nothing to whoever lacks the key.
      entryHash: this.vault.idHash(`roll:${election.electionId}:${m.personId}`),
      birthYear: birthYearOf(m),
      ...(birthDate ? { birthDate } : {}),
      group: h.gridId,
      registeredHere: (m.residence?.hukou ?? 'here') === 'here',
      livingHere: (m.residence?.living ?? 'here') === 'here',
      livingSince: m.residence?.since ?? m.since,
      deprivedOfPoliticalRights: deprivedOn(m, election.votingDay),
      onOtherRoll,
    };
  }

  /**
   * Art 13 for a whole community at once: who is on the roll of another unconcluded election of the same kind
   * (one read per such roll instead of one per resident: publishing 20,000 voters asked 20,000 times).
   */
  private async otherRolls(election: ElectionView): Promise<Map<string, NonNullable<VoterFacts['onOtherRoll']>>> {
    const out = new Map<string, NonNullable<VoterFacts['onOtherRoll']>>();
    for (const other of await this.elections.all()) {
      if (other.electionId === election.electionId || other.kind !== election.kind || other.outcome) continue;
      for (const e of await this.roll.entries(other.electionId)) if (!out.has(e.voterId)) out.set(e.voterId, { electionId: other.electionId, regionId: other.regionId });
    }
    return out;
  }

  /** Art 13: one roll per person per committee kind, while that election is not concluded. */
  private async otherRoll(election: ElectionView, personId: string): Promise<VoterFacts['onOtherRoll']> {
    for (const entry of await this.roll.ofVoter(personId)) {
      if (entry.electionId === election.electionId) continue;
      const other = await this.elections.get(entry.electionId);
      if (other && other.kind === election.kind && !other.outcome) return { electionId: other.electionId, regionId: other.regionId };
    }
    return null;
  }
}

/** 依照法律被剥夺政治权利 on voting day (a term ending on or before it leaves them eligible). */
const deprivedOn = (m: ResidentView, day: string): boolean => !!m.deprived && m.deprived.from <= day && (m.deprived.until === null || m.deprived.until > day);

const livingOn = (m: ResidentView, on: string): boolean => m.since <= on && (!m.leftOn || m.leftOn > on) && (!m.diedOn || m.diedOn > on);
