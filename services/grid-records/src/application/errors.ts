import type { IsoDate } from '../domain';

/**
 * One person, one household (户籍 uniqueness): the ID number's keyed hash is already registered, as a living
 * member (or as deceased) of another household. The application says which household; whether the caller may
 * learn it is the API's decision (only inside the caller's scope).
 */
export class PersonRegisteredElsewhere extends Error {
  readonly rule = 'registered-elsewhere';
  constructor(
    /** The input field of the person (`members.1.idNumber`). */
    readonly field: string,
    readonly householdId: string,
    readonly status: 'member' | 'died',
    readonly since: IsoDate,
    /** The person id the district knows the number by, when known. */
    readonly personId: string | null = null,
  ) {
    super('this ID number is registered in another household of the district');
  }
}
