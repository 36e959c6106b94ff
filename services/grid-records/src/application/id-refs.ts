import { ConcurrencyError, IdRefTaken, type PersonalDataVault } from '@grid/platform';
import type { OfficialRelativeLookup } from '../projections/official-relatives/official-relative-lookup';
import type { PersonLookup } from '../projections/person-index/person-lookup';
import { identityStream } from './streams';

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

  /**
   * For a write that records the number (normalised by the caller's GB 11643 check, or any text an import holds): its
   * reference, or for a number new to the district a proposal whose key-file row `record` writes once the write goes
   * ahead, so a refused write leaves no row behind.
   */
  of(idNumber: string): Promise<string> {
    return this.vault.proposeIdRef(idNumber, { legacy: this.recordedBefore });
  }

  /**
   * Just before the append that records these references (after the identity claims, where there are any): the
   * rows of those still proposed. ConcurrencyError when another process recorded one of the numbers meanwhile: the
   * write starts again and then finds that reference. Answers the references whose rows it wrote.
   */
  async record(idRefs: readonly string[]): Promise<string[]> {
    try {
      return await this.vault.recordIdRefs(idRefs);
    } catch (error) {
      if (error instanceof IdRefTaken) throw new ConcurrencyError(identityStream(error.idRef), 'no-stream', 'no-stream');
      throw error;
    }
  }

  /**
   * For a write no identity claim guards (a correction request, a filing): `record`, then the write. A row it wrote stays
   * if the write fails: another write may have found it meanwhile and recorded the reference (nothing holds the number
   * off), and withdrawing it would leave that reference without its row; a retry finds the same reference.
   */
  async recording<T>(idRefs: readonly string[], write: () => Promise<T>): Promise<T> {
    await this.record(idRefs);
    return write();
  }

  /** Rows `record` wrote for a write that failed after all (while its identity claims still hold the numbers). */
  withdraw(idRefs: readonly string[]): Promise<void> {
    return this.vault.withdrawIdRefs(idRefs);
  }

  /** For a look-up: null when the district never recorded the number. */
  find(idNumber: string): Promise<string | null> {
    return this.vault.idRef(idNumber, { create: false, legacy: this.recordedBefore });
  }

  private readonly recordedBefore = async (v1IdHash: string): Promise<boolean> =>
    (await this.persons.byIdHash(v1IdHash)) !== null || (await this.filings.namesOfficial(v1IdHash));
}
