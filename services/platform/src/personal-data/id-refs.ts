import type { KeyObject } from 'node:crypto';
import type { Collection, Doc } from '../documents/document-store';
import { hmacSha256, secureRandom } from './crypto';
import { IdRefTaken } from './errors';

/**
 * 身份证 number → its reference (idRef), keyed by HMAC(K_lookup, number). Beside the keys and NOT a projection, for the
 * same reasons: the random references exist nowhere else, and deleting a row is what unlinks an erased person's number.
 */
export const PERSONAL_DATA_ID_REFS = 'personal_data_id_refs';

export type IdRefDoc = Doc & {
  /** hex HMAC(K_lookup, normalised number). */
  _id: string;
  /** 64 hex: random, or the number's v1 idHash for a person recorded before idRef. */
  idRef: string;
  createdAt: string;
};

export interface IdRefOptions {
  create: boolean;
  legacy?: (v1IdHash: string) => Promise<boolean>;
}

/** The ID look-up key in force, and whether it is the master key's own (never rotated: v1 hashes may still be adopted). */
export interface IdLookupKey {
  idLookup: KeyObject;
  unrotated: boolean;
}

/** Proposed references not yet recorded (refused writes never record theirs): the oldest are dropped beyond this. */
const MAX_PROPOSALS = 100_000;

/** The vault's 身份证 references (PersonalDataVault's idRef … forgetIdRefs say what each does). */
export class IdRefs {
  /** forgetIdRefs and withdrawIdRefs find rows by idRef: indexed once, on first use. */
  private indexed: Promise<void> | null = null;
  /** Proposed reference → its number's look-up key (HMAC(K_lookup, number), never the number), in proposal order. */
  private readonly proposals = new Map<string, string>();
  /** The reverse: one proposal per number. */
  private readonly proposed = new Map<string, string>();

  constructor(
    private readonly rows: Collection<IdRefDoc>,
    private readonly idHashKey: KeyObject,
    private readonly lookupKey: () => IdLookupKey | Promise<IdLookupKey>,
    private readonly purge: () => Promise<void>,
  ) {}

  idHash(idNumber: string): string {
    return hmacSha256(this.idHashKey, normalisedId(idNumber)).toString('hex');
  }

  async idRef(idNumber: string, options: IdRefOptions): Promise<string | null> {
    const normalised = normalisedId(idNumber);
    const key = await this.lookupKey();
    const lookup = hmacSha256(key.idLookup, normalised).toString('hex');
    const found = await this.rows.get(lookup);
    if (found) return found.idRef;
    const v1 = hmacSha256(this.idHashKey, normalised).toString('hex');
    // Once the master key was rotated, no event holds a hash under this key's idHash key (the rotation adopted every v1 number).
    const adopt = options.legacy && key.unrotated ? await options.legacy(v1) : false;
    if (!adopt && !options.create) return null;
    const doc: IdRefDoc = { _id: lookup, idRef: adopt ? v1 : secureRandom(32).toString('hex'), createdAt: new Date().toISOString() };
    // Insert-if-absent: two writes recording one new number at once must agree on ONE reference.
    if (await this.rows.putIfVersion(doc, undefined)) return doc.idRef;
    const winner = await this.rows.get(lookup);
    if (!winner) throw new Error('idRef: the number\'s row was created and deleted at once (an erasure racing a registration); retry');
    return winner.idRef;
  }

  async proposeIdRef(idNumber: string, options: Pick<IdRefOptions, 'legacy'> = {}): Promise<string> {
    const found = await this.idRef(idNumber, { create: false, ...options });
    if (found) return found;
    const lookup = hmacSha256((await this.lookupKey()).idLookup, normalisedId(idNumber)).toString('hex');
    const earlier = this.proposed.get(lookup);
    if (earlier) return earlier;
    const ref = secureRandom(32).toString('hex');
    this.propose(ref, lookup);
    return ref;
  }

  async recordIdRefs(idRefs: readonly string[]): Promise<string[]> {
    const refs = [...new Set(idRefs)];
    // Found as a number's row, or proposed here and evicted: the row may be gone (another process's write failed and
    // withdrew it), and a write recording the reference without its row could never be found by number.
    const unproposed = refs.filter((ref) => !this.proposals.has(ref));
    if (unproposed.length > 0) {
      await this.indexedByRef();
      const rowed = new Set((await this.rows.find({ idRef: { $in: unproposed } })).map((row) => row.idRef));
      const gone = unproposed.find((ref) => !rowed.has(ref));
      if (gone) throw new IdRefTaken(gone, 'has no row any more (withdrawn by a write that failed)');
    }
    const written: string[] = [];
    for (const ref of refs) {
      const lookup = this.proposals.get(ref);
      if (!lookup) continue; // recorded already, or a number's existing reference
      const doc: IdRefDoc = { _id: lookup, idRef: ref, createdAt: new Date().toISOString() };
      if (await this.rows.putIfVersion(doc, undefined)) {
        written.push(ref);
        this.unpropose(ref, lookup);
        continue;
      }
      const winner = await this.rows.get(lookup);
      this.unpropose(ref, lookup);
      if (winner?.idRef !== ref) {
        await this.withdrawIdRefs(written);
        throw new IdRefTaken(ref);
      }
    }
    return written;
  }

  async withdrawIdRefs(idRefs: readonly string[]): Promise<void> {
    if (idRefs.length === 0) return;
    await this.indexedByRef();
    for (const row of await this.rows.find({ idRef: { $in: [...new Set(idRefs)] } })) {
      if (await this.rows.delete(row._id)) this.propose(row.idRef, row._id);
    }
    // No purge (unlike an erasure): the row linked the number to a reference no event holds; secure_delete zeroes it in
    // the file, and the WAL's copy goes at the next checkpoint.
  }

  async forgetIdRefs(idRefs: readonly string[]): Promise<void> {
    if (idRefs.length === 0) return;
    await this.indexedByRef();
    const rows = await this.rows.find({ idRef: { $in: [...new Set(idRefs)] } });
    for (const row of rows) await this.rows.delete(row._id);
    await this.purge();
  }

  private indexedByRef(): Promise<void> {
    this.indexed ??= this.rows.ensureIndex({ fields: ['idRef'] });
    return this.indexed;
  }

  private propose(ref: string, lookup: string): void {
    this.proposals.set(ref, lookup);
    this.proposed.set(lookup, ref);
    if (this.proposals.size <= MAX_PROPOSALS) return;
    const [oldest, itsLookup] = this.proposals.entries().next().value as [string, string];
    this.unpropose(oldest, itsLookup);
  }

  private unpropose(ref: string, lookup: string): void {
    this.proposals.delete(ref);
    if (this.proposed.get(lookup) === ref) this.proposed.delete(lookup);
  }
}

/** The check character X is written both ways on forms: one number, one value. */
function normalisedId(idNumber: string): string {
  if (typeof idNumber !== 'string') throw new TypeError('idNumber must be a string');
  const normalised = idNumber.trim().toUpperCase();
  // Every missing ID would share one value and de-duplicate unrelated people into one.
  if (normalised === '') throw new RangeError('empty ID number');
  return normalised;
}
