import type { PersonalDataVault } from '@grid/platform';
import type { OfficialRelativeLookup } from '../projections/official-relatives/official-relative-lookup';
import type { PersonLookup } from '../projections/person-index/person-lookup';

/**
 * 身份证 numbers → the references events, streams (`identity-<ref>`) and read models carry (vault idRef: random,
 * unlinkable from the number once an erasure deletes its row). A number the district recorded before idRef keeps
 * its v1 keyed hash as reference, so one person one household, look-ups and filings still match it.
 */
export class IdRefs {
  constructor(
    private readonly vault: PersonalDataVault,
    private readonly persons: PersonLookup,
    private readonly filings: OfficialRelativeLookup,
  ) {}

  /** For a write that records the number (normalised by the caller's GB 11643 check, or any text an import holds). */
  of(idNumber: string): Promise<string> {
    return this.vault.idRef(idNumber, { create: true, legacy: this.recordedBefore });
  }

  /** For a look-up: null when the district never recorded the number. */
  find(idNumber: string): Promise<string | null> {
    return this.vault.idRef(idNumber, { create: false, legacy: this.recordedBefore });
  }

  private readonly recordedBefore = async (v1IdHash: string): Promise<boolean> =>
    (await this.persons.byIdHash(v1IdHash)) !== null || (await this.filings.namesOfficial(v1IdHash));
}
