import { randomUUID, type KeyObject } from 'node:crypto';
import type { Sealed } from '@grid/contracts';
import type { Collection, Doc, DocumentStore } from '../documents/document-store';
import { deriveKey, fromBase64, gcmOpen, gcmSeal, hmacSha256, importKey, KEY_BYTES, sameBytes, secureRandom } from './crypto';
import { PersonalDataError } from './errors';
import { IdRefs, PERSONAL_DATA_ID_REFS, type IdLookupKey, type IdRefDoc, type IdRefOptions } from './id-refs';
import { KeyCache, type CachedKey } from './key-cache';
import {
  carriedKeys,
  INFO_ID_HASH,
  INFO_ID_LOOKUP,
  INFO_KEY_ID,
  INFO_WRAP,
  masterKeyIdOf,
  PERSONAL_DATA_MASTER,
  unwrap,
  wrap,
  wrapAadOf,
  type CarriedKeysDoc,
} from './wrapping';

interface LookupKeys {
  idLookup: KeyObject;
  keyId: KeyObject;
}

export interface PersonalDataVault {
  /** Encrypts with the subject's own data key (a person id or a household id), creating the key on first use. */
  seal(subjectId: string, plaintext: string): Promise<Sealed>;
  /** Decrypts; null when the subject's key was shredded (crypto-shredding: erased from every copy of history). */
  open(subjectId: string, sealed: Sealed): Promise<string | null>;
  /**
   * Keyed hash (HMAC-SHA256 under a master-derived key, hex) of a trimmed, upper-cased text. Whoever holds the master
   * key recomputes it: never put one of an ID number where an erasure cannot reach it (events, bus, exports); use
   * idRef. Events written before idRef (v1) carry this hash of the 身份证 number.
   */
  idHash(idNumber: string): string;
  /**
   * The reference events carry for a 身份证 number (look-up, de-duplication, one person one household): random, the
   * same for the same number while the key file's row that links them lives (PERSONAL_DATA_ID_REFS), unlinkable from
   * the number once forgetIdRefs deleted it, master key or not. `create`: make one if the number has none (a write
   * recording it) or answer null (a look-up). `legacy`: whether the district already records the number by its v1
   * idHash (the row then adopts that hash, so history written before idRef keeps matching); not asked once the master
   * key was rotated (the rotation gave every such number its row, and no event holds the new key's hash).
   */
  idRef(idNumber: string, options: IdRefOptions & { create: true }): Promise<string>;
  idRef(idNumber: string, options: IdRefOptions): Promise<string | null>;
  /**
   * The reference a write will record for a number, without writing it yet: the number's row if it has one (or its
   * v1 idHash, adopted as for idRef), else a proposal: random, kept in this process only (the same one for the same
   * number until recorded), no row. A write refused before recordIdRefs leaves nothing in the key file.
   */
  proposeIdRef(idNumber: string, options?: Pick<IdRefOptions, 'legacy'>): Promise<string>;
  /**
   * Writes the rows of these references' proposals (insert-if-absent), just before the write that records them;
   * references that have their row already are left alone. Throws IdRefTaken when another process recorded the
   * number under another reference meanwhile, or when a reference that is not a proposal has no row (withdrawn since
   * it was found): the write must start again. Answers the references whose rows it wrote.
   */
  recordIdRefs(idRefs: readonly string[]): Promise<string[]>;
  /**
   * Deletes rows recordIdRefs wrote, for a write that failed after all; they become proposals again. Only while the
   * write still keeps others from using the reference (its identity claim): else one may already record it.
   */
  withdrawIdRefs(idRefs: readonly string[]): Promise<void>;
  /** Deletes the rows linking numbers to these references (erasure), their bytes gone from the key file where the store can. */
  forgetIdRefs(idRefs: readonly string[]): Promise<void>;
  /** Deletes the subject's data key; afterwards open() returns null for everything sealed for it. */
  shred(subjectId: string): Promise<void>;
  /**
   * Opens subjects another service sealed, for a purpose the caller declares (DESIGN "Personal data"): records who
   * asked, whose values and why before opening anything, never the values themselves. null for a shredded subject.
   */
  reveal(request: RevealRequest, items: readonly { subjectId: string; sealed: Sealed }[]): Promise<(string | null)[]>;
  /** The recorded reveals of one service, oldest first (auditors ask who saw whose data, and why). */
  reveals(service: string): Promise<RevealRecord[]>;
}

/** Who opens another service's subjects, and why. */
export interface RevealRequest {
  /** The service opening them. */
  service: string;
  /** The declared purpose, e.g. `posted-roll` (elections: the roll as posted, 村民委员会组织法 第十四条). */
  purpose: string;
  /** The caller's subject, or `public` for a page anyone may read. */
  by: string;
}

/** One reveal as recorded beside the keys (never rebuilt, never reset): the subjects opened, not their values. */
export type RevealRecord = Doc & { _id: string; at: string; service: string; purpose: string; by: string; subjects: string[] };

/** Beside the keys, for the same reason: nothing in the event store can rebuild it. */
export const PERSONAL_DATA_REVEALS = 'personal_data_reveals';

export interface PersonalDataVaultOptions {
  documents: DocumentStore;
  /** 32 bytes; see loadMasterKey. */
  masterKey: Buffer;
  /** Unwrapped keys kept in memory (LRU), default 10 000; 0 turns the cache off. */
  cacheSize?: number;
}

/**
 * The data keys. NOT a projection: nothing in the event store can rebuild it (the keys exist nowhere
 * else), so projection rebuilds and read-model resets must never drop it. Deleting a document here is
 * exactly what erases a person (crypto-shredding); losing the collection erases everyone.
 */
export const PERSONAL_DATA_KEYS = 'personal_data_keys';

/** One subject's data key, wrapped (AES-256-GCM) under a key derived from the master key. */
export type PersonalDataKeyDoc = Doc & {
  /** The subject id. */
  _id: string;
  keyId: string;
  /** base64 of the encrypted 32-byte data key. */
  wrapped: string;
  iv: string;
  tag: string;
  /** Fingerprint of the master key that wrapped it: a mismatch is named, and master-key rotation can find old rows. */
  masterKeyId: string;
  createdAt: string;
};


const KEY_ID_PREFIX = 'pdk1';
const DEFAULT_CACHE_SIZE = 10_000;
/** A creation race lost to a concurrent shred can repeat; this many tries cannot all be unlucky. */
const CREATE_ATTEMPTS = 3;

export function createPersonalDataVault(options: PersonalDataVaultOptions): PersonalDataVault {
  const { documents, masterKey, cacheSize = DEFAULT_CACHE_SIZE } = options;
  if (!Buffer.isBuffer(masterKey) || masterKey.length !== KEY_BYTES) throw new TypeError(`masterKey must be a ${KEY_BYTES}-byte Buffer`);
  if (!Number.isSafeInteger(cacheSize) || cacheSize < 0) throw new TypeError('cacheSize must be a non-negative integer');
  const purge = documents.purgeDeleted ? () => documents.purgeDeleted!() : async () => undefined;
  return new Vault(
    documents.collection<PersonalDataKeyDoc>(PERSONAL_DATA_KEYS),
    documents.collection<RevealRecord>(PERSONAL_DATA_REVEALS),
    documents.collection<IdRefDoc>(PERSONAL_DATA_ID_REFS),
    documents.collection<CarriedKeysDoc>(PERSONAL_DATA_MASTER),
    masterKey,
    cacheSize,
    purge,
  );
}

class Vault implements PersonalDataVault {
  // KeyObjects, imported once: these are used on every key creation, unwrap and ID hash.
  private readonly wrapKey: KeyObject;
  private readonly refs: IdRefs;
  /** The ID look-up key and the keyId MAC key, once read (carried over by a master-key rotation, or the master key's own). */
  private carried: LookupKeys | null = null;
  private carrying: Promise<LookupKeys> | null;
  /** The master key's own look-up and keyId keys, for a district that never rotated it. */
  private readonly derived: LookupKeys;
  private readonly masterKeyId: string;
  private readonly cache: KeyCache;
  /** Concurrent reads of one subject's key (a view opening ten fields at once) share one store round trip. */
  private readonly pending = new Map<string, Promise<CachedKey | null>>();
  /** Key creations (or look-ups that may create) in flight, per subject. */
  private readonly creating = new Map<string, Promise<CachedKey>>();
  /** Bumped by every shred: a key read that started before a shred must not land in the cache after it. */
  private epoch = 0;
  private revealSeq = 0;

  constructor(
    private readonly keys: Collection<PersonalDataKeyDoc>,
    private readonly revealLog: Collection<RevealRecord>,
    idRefs: Collection<IdRefDoc>,
    private readonly carriedDocs: Collection<CarriedKeysDoc>,
    masterKey: Buffer,
    cacheSize: number,
    /** Makes the deleted key's bytes gone from the key file (SQLite secure_delete + checkpoint), where the store can. */
    private readonly purge: () => Promise<void>,
  ) {
    this.wrapKey = importKey(deriveKey(masterKey, INFO_WRAP));
    this.derived = { idLookup: importKey(deriveKey(masterKey, INFO_ID_LOOKUP)), keyId: importKey(deriveKey(masterKey, INFO_KEY_ID)) };
    this.masterKeyId = masterKeyIdOf(masterKey);
    this.cache = new KeyCache(cacheSize);
    const lookupKey = (keys: LookupKeys): IdLookupKey => ({ idLookup: keys.idLookup, unrotated: keys === this.derived });
    this.refs = new IdRefs(idRefs, importKey(deriveKey(masterKey, INFO_ID_HASH)), () => (this.carried ? lookupKey(this.carried) : this.carriedKeys().then(lookupKey)), purge);
    // Started now: the first seal, open or look-up does not wait for it (and adds no store read of its own).
    this.carrying = this.readCarried();
  }

  async seal(subjectId: string, plaintext: string): Promise<Sealed> {
    assertSubject(subjectId);
    if (typeof plaintext !== 'string') throw new TypeError('seal: plaintext must be a string');
    // SealedSchema needs a non-empty base64 ciphertext; an absent value is stored as absent, not sealed.
    if (plaintext === '') throw new RangeError('seal: an empty string cannot be sealed (store the field as absent)');
    const { keyId, key } = await this.keyFor(subjectId, true);
    const box = gcmSeal(key, Buffer.from(plaintext, 'utf8'), aadOf(subjectId));
    return { keyId, iv: box.iv.toString('base64'), tag: box.tag.toString('base64'), ciphertext: box.ciphertext.toString('base64') };
  }

  async open(subjectId: string, sealed: Sealed): Promise<string | null> {
    assertSubject(subjectId);
    const iv = fromBase64(sealed?.iv);
    const tag = fromBase64(sealed?.tag);
    const ciphertext = fromBase64(sealed?.ciphertext);
    if (!iv || !tag || !ciphertext || typeof sealed.keyId !== 'string') throw new PersonalDataError('malformed', subjectId, 'not a sealed value (keyId, base64 iv, tag, ciphertext)');
    // Before touching the store: a keyId that is not this subject's is an error whatever the store holds.
    if (!this.keyIdBelongsTo(subjectId, sealed.keyId, (this.carried ?? (await this.carriedKeys())).keyId)) throw new PersonalDataError('wrong-subject', subjectId, `key ${sealed.keyId} was not issued to this subject`);
    let current = await this.keyFor(subjectId, false);
    // A cached key can be stale when another replica shredded and re-keyed the subject: re-read once.
    if (current && current.keyId !== sealed.keyId) current = await this.keyFor(subjectId, false, true);
    // The subject's key is gone (shredded), or was replaced after a shred: the value is erased, by design.
    if (!current || current.keyId !== sealed.keyId) return null;
    const clear = gcmOpen(current.key, { iv, tag, ciphertext }, aadOf(subjectId));
    if (!clear) throw new PersonalDataError('tampered', subjectId, `sealed value under key ${sealed.keyId} does not authenticate`);
    return clear.toString('utf8');
  }

  idHash(idNumber: string): string {
    return this.refs.idHash(idNumber);
  }

  idRef(idNumber: string, options: IdRefOptions & { create: true }): Promise<string>;
  idRef(idNumber: string, options: IdRefOptions): Promise<string | null>;
  idRef(idNumber: string, options: IdRefOptions): Promise<string | null> {
    return this.refs.idRef(idNumber, options);
  }

  proposeIdRef(idNumber: string, options: Pick<IdRefOptions, 'legacy'> = {}): Promise<string> {
    return this.refs.proposeIdRef(idNumber, options);
  }

  recordIdRefs(idRefs: readonly string[]): Promise<string[]> {
    return this.refs.recordIdRefs(idRefs);
  }

  withdrawIdRefs(idRefs: readonly string[]): Promise<void> {
    return this.refs.withdrawIdRefs(idRefs);
  }

  forgetIdRefs(idRefs: readonly string[]): Promise<void> {
    return this.refs.forgetIdRefs(idRefs);
  }

  async shred(subjectId: string): Promise<void> {
    assertSubject(subjectId);
    // Store first, then evict: a read racing with the delete either lands before the eviction (and is
    // evicted) or started before the epoch bump (and is not cached).
    await this.keys.delete(subjectId);
    this.epoch += 1;
    this.cache.delete(subjectId);
    this.pending.delete(subjectId);
    this.creating.delete(subjectId);
    await this.purge();
  }

  async reveal(request: RevealRequest, items: readonly { subjectId: string; sealed: Sealed }[]): Promise<(string | null)[]> {
    if (!request.service || !request.purpose || !request.by) throw new TypeError('reveal: service, purpose and by are required');
    if (items.length === 0) return [];
    // Recorded first: a reveal that could not be recorded does not happen.
    const at = new Date().toISOString();
    // The sequence orders the reveals of one millisecond as made (a uuid alone would shuffle them).
    const seq = String((this.revealSeq += 1)).padStart(12, '0');
    await this.revealLog.put({ _id: `${at}:${seq}:${randomUUID()}`, at, ...request, subjects: [...new Set(items.map((i) => i.subjectId))] });
    return Promise.all(items.map((i) => this.open(i.subjectId, i.sealed)));
  }

  /** In the order made (across processes: to the millisecond). */
  async reveals(service: string): Promise<RevealRecord[]> {
    return this.revealLog.find({ service });
  }

  /** The subject's current key; created (when `create`) if it has none. */
  private async keyFor(subjectId: string, create: true, fresh?: boolean): Promise<CachedKey>;
  private async keyFor(subjectId: string, create: boolean, fresh?: boolean): Promise<CachedKey | null>;
  private async keyFor(subjectId: string, create: boolean, fresh = false): Promise<CachedKey | null> {
    if (!fresh) {
      const cached = this.cache.get(subjectId);
      if (cached) return cached;
    }
    if (create) return this.readOrCreate(subjectId);
    const epoch = this.epoch;
    const found = await this.read(subjectId, fresh);
    if (found && epoch === this.epoch) this.cache.set(subjectId, found);
    return found;
  }

  /**
   * Concurrent seals for one subject (a person's name, ID and phone sealed side by side) share ONE look-up or
   * creation: each making its own key would leave all but one losing the insert and reading the winner's back.
   */
  private readOrCreate(subjectId: string): Promise<CachedKey> {
    const shared = this.creating.get(subjectId);
    if (shared) return shared;
    const epoch = this.epoch;
    const creating = this.create(subjectId).then((found) => {
      if (epoch === this.epoch) this.cache.set(subjectId, found);
      return found;
    });
    this.creating.set(subjectId, creating);
    const done = () => {
      if (this.creating.get(subjectId) === creating) this.creating.delete(subjectId);
    };
    creating.then(done, done);
    return creating;
  }

  private read(subjectId: string, fresh: boolean): Promise<CachedKey | null> {
    const shared = fresh ? undefined : this.pending.get(subjectId);
    if (shared) return shared;
    const reading = this.keys.get(subjectId).then((doc) => (doc ? this.unwrap(subjectId, doc) : null));
    if (fresh) return reading;
    this.pending.set(subjectId, reading);
    const done = () => {
      if (this.pending.get(subjectId) === reading) this.pending.delete(subjectId);
    };
    reading.then(done, done);
    return reading;
  }

  /**
   * Insert-if-absent first, read on conflict: a key is sealed for mostly when a subject is new (a person being
   * registered), so trying the insert first saves the look-up that would find nothing; a subject that has a key
   * but is not cached pays a wasted wrap and one failed insert before reading it.
   */
  private async create(subjectId: string): Promise<CachedKey> {
    for (let attempt = 0; attempt < CREATE_ATTEMPTS; attempt += 1) {
      const raw = secureRandom(KEY_BYTES);
      const keyId = this.newKeyId(subjectId, (this.carried ?? (await this.carriedKeys())).keyId);
      const box = wrap(this.wrapKey, raw, wrapAadOf(subjectId, keyId));
      // Wrapped, so the bytes are needed no more: from here on the key exists only as a KeyObject.
      const key = importKey(raw);
      const doc: PersonalDataKeyDoc = {
        _id: subjectId,
        keyId,
        ...box,
        masterKeyId: this.masterKeyId,
        createdAt: new Date().toISOString(),
      };
      // Insert-if-absent: two processes sealing a new person at once must agree on ONE key, else the
      // loser's ciphertexts would be sealed under a key nobody keeps.
      if (await this.keys.putIfVersion(doc, undefined)) return { keyId, key };
      const winner = await this.read(subjectId, true);
      if (winner) return winner;
      // The winner's key was shredded in between: try again.
    }
    throw new Error(`personal data of ${subjectId}: could not create a data key (${CREATE_ATTEMPTS} races lost)`);
  }

  private unwrap(subjectId: string, doc: PersonalDataKeyDoc): CachedKey {
    if (doc.masterKeyId !== this.masterKeyId) {
      throw new PersonalDataError('wrong-master-key', subjectId, `key ${doc.keyId} was wrapped under master key ${doc.masterKeyId}, this process holds ${this.masterKeyId}`);
    }
    const raw = unwrap(this.wrapKey, doc, wrapAadOf(subjectId, doc.keyId));
    if (!raw || raw.length !== KEY_BYTES) {
      raw?.fill(0);
      throw new PersonalDataError('tampered', subjectId, `stored data key ${doc.keyId} does not authenticate`);
    }
    return { keyId: doc.keyId, key: importKey(raw) };
  }

  /**
   * `pdk1.<nonce>.<mac>`: random, so a re-keyed subject (seal after shred) gets a new id, and MAC-bound to
   * the subject, so open() tells "sealed for someone else" (an error) from "this subject's key is gone"
   * (null) without keeping any trace of shredded subjects.
   */
  private newKeyId(subjectId: string, macKey: KeyObject): string {
    const nonce = secureRandom(12).toString('base64url');
    return `${KEY_ID_PREFIX}.${nonce}.${keyIdMac(macKey, subjectId, nonce).toString('base64url')}`;
  }

  private keyIdBelongsTo(subjectId: string, keyId: string, macKey: KeyObject): boolean {
    const [prefix, nonce, mac, ...rest] = keyId.split('.');
    if (prefix !== KEY_ID_PREFIX || !nonce || !mac || rest.length > 0) return false;
    return sameBytes(Buffer.from(mac, 'base64url'), keyIdMac(macKey, subjectId, nonce));
  }

  /** Read once (a failed read is retried by the next call): the keys a rotation carried over, else the master key's own. */
  private carriedKeys(): Promise<LookupKeys> {
    return (this.carrying ??= this.readCarried());
  }

  private readCarried(): Promise<LookupKeys> {
    const reading = carriedKeys(this.carriedDocs, this.wrapKey, this.masterKeyId).then(
      (keys) => (this.carried = keys ? { idLookup: importKey(keys.idLookup), keyId: importKey(keys.keyId) } : this.derived),
      (error: unknown) => {
        this.carrying = null;
        throw error;
      },
    );
    reading.catch(() => undefined); // started by the constructor: a failure surfaces at first use, never unhandled
    return reading;
  }
}

function assertSubject(subjectId: string): void {
  if (typeof subjectId !== 'string' || subjectId === '') throw new TypeError('subjectId must be a non-empty string');
}

/** Binds each ciphertext to its subject: one copied into another person's event fails to open. */
const aadOf = (subjectId: string): Buffer => Buffer.from(subjectId, 'utf8');

const keyIdMac = (macKey: KeyObject, subjectId: string, nonce: string): Buffer => hmacSha256(macKey, JSON.stringify([subjectId, nonce])).subarray(0, 16);
