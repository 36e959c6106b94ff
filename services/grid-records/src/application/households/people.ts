import { yearOf, type Member } from '@grid/contracts';
import { newId, refused, type CommandContext } from '@grid/platform';
import { GB11643, checkIdNumber, type IsoDate } from '../../domain';
import type { IdRefs } from '../id-refs';
import { personSubject, type PersonalDataVault } from '../personal-data';
import type { IdentityCheck, IdentityClaims } from './identity-claims';

/** A resident as the API receives them: personal data in clear, only in memory, only until sealed here. */
export interface NewResident {
  relation: Member['relation'];
  name: string;
  idNumber: string;
  phone?: string;
}

/** A resident checked and looked up (People.identify), not yet sealed. */
export interface IdentifiedResident {
  resident: NewResident;
  personId: string;
  idHash: string;
  /** Normalised by the check. */
  idNumber: string;
  /** In clear for the rules, until sealed with the rest. */
  birthDate: IsoDate;
  sex: Member['sex'];
  /** The identity reservation as checked: the claim starts from it. */
  checked: IdentityCheck;
}

/**
 * Turns residents in clear into the sealed members events carry: validates each 身份证 (GB 11643), derives
 * birth date and sex from it, looks up the number's reference (IdRefs), finds the person's existing id (a person keeps one id,
 * and one key, across households), refuses a person registered in another household, and seals name, ID
 * number, phone and birth date under the person's own key (the birth year stays in clear). Nothing personal leaves
 * this function in clear but the birth date the command's rules check.
 */
export class People {
  constructor(
    private readonly vault: PersonalDataVault,
    private readonly idRefs: IdRefs,
    private readonly identities: IdentityClaims,
    private readonly today: () => IsoDate,
  ) {}

  /**
   * The checks and the identity reservation's early answer, without sealing (the claim itself is made just before
   * the household's append, `IdentityClaims.reserving`): a command registering several residents
   * identifies them one after another, then seals them all at once (their data keys are then created in
   * the same tick, so the document store commits them together). `field`: where the resident sits in the request
   * (`members.2`, `member`), for errors.
   */
  async identify(resident: NewResident, householdId: string, field: string, ctx: CommandContext): Promise<IdentifiedResident> {
    const checked = checkIdNumber(resident.idNumber, this.today());
    if (!checked.ok) throw refused(checked.rule, checked.detail, { source: GB11643, field: `${field}.idNumber` });
    const idHash = await this.idRefs.of(checked.idNumber);
    const known = await this.identities.check(idHash, householdId, `${field}.idNumber`, ctx);
    // Not from the reference: it is random per deployment, and a seeded command must give the same ids every time.
    const personId = known.personId ?? newId(ctx, `person:${field}`);
    return {
      resident,
      personId,
      idHash,
      idNumber: checked.idNumber,
      birthDate: checked.birthDate,
      sex: checked.sex,
      checked: known.checked,
    };
  }

  async sealIdentified(identified: IdentifiedResident): Promise<Member> {
    const { resident, personId, idHash } = identified;
    const subject = personSubject(personId);
    const [name, idNumber, phone, birthDate] = await Promise.all([
      this.vault.seal(subject, resident.name),
      this.vault.seal(subject, identified.idNumber),
      resident.phone === undefined ? undefined : this.vault.seal(subject, resident.phone),
      this.vault.seal(subject, identified.birthDate),
    ]);
    return {
      personId,
      relation: resident.relation,
      name,
      idNumber,
      ...(phone ? { phone } : {}),
      idHash,
      birthDate,
      birthYear: yearOf(identified.birthDate),
      sex: identified.sex,
    };
  }
}
