import type { ProgramCode, Sealed } from '@grid/contracts';
import { fold, refused, type EventStore } from '@grid/platform';
import { PROGRAMS, currentEnd, personDecider, type EligibilityFacts, type IsoDate, type PersonEvent } from '../../domain';
import type { CaseLookup } from '../../projections/assistance/case-lookup';
import type { CaseView } from '../../projections/assistance/case-view';
import type { HouseholdView, MemberView } from '../../projections/households/household-view';
import type { RegionTree } from '../../projections/regions/region-tree';
import { openBirthDate, openField, personSubject, type PersonalDataVault } from '../personal-data';

/** 近亲属备案 filings follow a person across households (domain person/official-relative.ts). */
export const personStream = (personId: string): string => `person-${personId}`;

/** Granted and not ended on `on` (suspended counts: the person still holds the status). */
export function heldOn(c: Pick<CaseView, 'stage' | 'grant' | 'endedOn' | 'program'>, on: IsoDate): boolean {
  if (c.stage !== 'active' && c.stage !== 'suspended') return false;
  const end = currentEnd(c);
  return end === null || end >= on;
}

const living = (m: MemberView | undefined, on: IsoDate): m is MemberView =>
  !!m && m.joinedOn <= on && m.leftOn === null && m.diedOn === null;

/**
 * Assembles what eligibility rests on from the read models (statuses, members, the region tree) and from person
 * streams (近亲属备案, decided on, so read where it is written). The facts describe the application day as the
 * records stand now; the applied event keeps them, so an auditor sees what the decision rested on.
 */
export class EligibilityFactsReader {
  constructor(
    private readonly store: EventStore,
    private readonly cases: CaseLookup,
    private readonly tree: RegionTree,
    private readonly vault: PersonalDataVault,
  ) {}

  async gather(
    household: HouseholdView,
    subject: { program: ProgramCode; personId: string | null; coveredPersonIds: string[] },
    appliedOn: IsoDate,
  ): Promise<EligibilityFacts> {
    const person = subject.personId === null ? undefined : household.members.find((m) => m.personId === subject.personId);
    if (subject.personId !== null && !living(person, appliedOn))
      throw refused('not-a-member', 'the person is not a living member of this household', { field: 'personId' });
    subject.coveredPersonIds.forEach((id, i) => {
      if (
        !living(
          household.members.find((m) => m.personId === id),
          appliedOn,
        )
      )
        throw refused('not-a-member', `${id} is not a living member of this household`, { field: `coveredPersonIds.${i}` });
    });
    const [districtId, personPrograms, householdPrograms, officialRelative, coveredUnderExtremePoverty] = await Promise.all([
      this.districtOf(household.gridId),
      person ? this.programsOf(await this.cases.ofPerson(person.personId), appliedOn) : Promise.resolve([]),
      this.cases.ofHouseholds([household.householdId]).then((cs) =>
        this.programsOf(
          cs.filter((c) => PROGRAMS[c.program].subject === 'household'),
          appliedOn,
        ),
      ),
      this.anyOfficialRelative(person ? [person.personId] : subject.coveredPersonIds),
      this.underExtremePoverty(subject.coveredPersonIds, appliedOn),
    ]);
    return {
      asOf: appliedOn,
      registration: household.registration,
      districtId,
      birthDate: (person && (await openBirthDate(this.vault, person.personId, person.birthDate))) ?? null,
      sealedBirthDate: person ? await this.sealedBirthDate(person) : null,
      disabilityGrade: person?.disability ? await this.gradeOf(person.personId, person.disability.grade) : null,
      personPrograms,
      householdPrograms,
      officialRelative,
      coveredUnderExtremePoverty,
    };
  }

  /** The member's birth date sealed under the person's key, as the applied event carries it (one recorded in clear by a v1 event is sealed now). */
  private async sealedBirthDate(person: MemberView): Promise<Sealed> {
    return typeof person.birthDate === 'string' ? this.vault.seal(personSubject(person.personId), person.birthDate) : person.birthDate;
  }

  /** The grade the record holds, opened (sealed since v2: health data); null once the person was erased. */
  private async gradeOf(personId: string, grade: Sealed | number): Promise<number | null> {
    const clear = await openField(this.vault, personSubject(personId), grade);
    return clear === null ? null : Number(clear);
  }

  /** Of these members, those holding 特困 in force on the day. */
  async underExtremePoverty(personIds: string[], on: IsoDate): Promise<string[]> {
    const held = await Promise.all(
      personIds.map(async (id) => (await this.cases.ofPerson(id)).some((c) => c.program === 'extreme-poverty' && heldOn(c, on))),
    );
    return personIds.filter((_, i) => held[i]);
  }

  private programsOf(cases: CaseView[], on: IsoDate): ProgramCode[] {
    return [...new Set(cases.filter((c) => heldOn(c, on)).map((c) => c.program))];
  }

  /** The district a grid lies in: its standards and its approval level apply. */
  private async districtOf(gridId: string): Promise<string> {
    const district = (await this.tree.ancestry(gridId)).find((n) => n.level === 'district');
    if (!district) throw refused('no-district', 'the household’s grid lies in no district', { field: 'householdId' });
    return district.regionId;
  }

  private async anyOfficialRelative(personIds: string[]): Promise<boolean> {
    for (const personId of personIds) {
      const events = await this.store.readStream(personStream(personId));
      const state = fold(
        personDecider,
        events.map((e) => ({ type: e.type, data: e.data, occurredAt: e.occurredAt }) as PersonEvent),
      );
      if (state.registrations.length > 0) return true;
    }
    return false;
  }
}
