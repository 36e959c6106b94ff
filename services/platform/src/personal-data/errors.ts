/**
 * Why a sealed value could not be opened. A shredded key is NOT an error (open() returns null: the person
 * was erased on purpose); everything here means a bug, tampering or a misconfigured master key, and must
 * surface rather than read as "erased".
 */
export type PersonalDataErrorCode =
  /** iv, tag or ciphertext are not base64 of the right length. */
  | 'malformed'
  /** Sealed for another subject (or its keyId was altered): the keyId's MAC does not bind it to this one. */
  | 'wrong-subject'
  /** GCM authentication failed: the ciphertext, tag, iv or the stored wrapped key were changed. */
  | 'tampered'
  /** The subject's key was wrapped under another master key than this process holds. */
  | 'wrong-master-key';

export class PersonalDataError extends Error {
  override readonly name = 'PersonalDataError';
  constructor(
    readonly code: PersonalDataErrorCode,
    readonly subjectId: string,
    message: string,
  ) {
    // The subject id is a pseudonymous id (never a name or 身份证 number), so it may appear in logs.
    super(`personal data of ${subjectId}: ${message}`);
  }
}

/**
 * Another process recorded the number under another reference while this write held a proposal, or withdrew the row of
 * a reference this write found: start the write again.
 */
export class IdRefTaken extends Error {
  override readonly name = 'IdRefTaken';
  /** The reference that lost (random: no personal data). */
  constructor(
    readonly idRef: string,
    why = 'was recorded under another reference meanwhile',
  ) {
    super(`the ID number of reference ${idRef} ${why}`);
  }
}
