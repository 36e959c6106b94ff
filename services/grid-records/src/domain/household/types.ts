import type {
  DisabilityKindSchema,
  Member,
  Registration,
  Sealed,
  householdMemberRemoved,
  residentDeathRevoked,
  residentDetailsCorrected,
  residentDied,
  residentDisabilityCertified,
} from '@grid/contracts';
import type { z } from 'zod';
import type { IsoDate } from '../shared/dates';
import type { Horizon } from '../shared/horizon';
import type { Actor, DataOf, EventOf } from '../shared/events';

export type DisabilityKind = z.infer<typeof DisabilityKindSchema>;
/** A free-text reason as events hold it: sealed under the person's key (in clear only in v1 events). */
export type SealedReason = DataOf<typeof residentDeathRevoked>['reason'];
type Certified = DataOf<typeof residentDisabilityCertified>;
export type DeathEvidence = DataOf<typeof residentDied>['evidence'];
export type Corrections = DataOf<typeof residentDetailsCorrected>['corrected'];
/** The fields a correction request names (the API's body); birth date and sex follow the ID number. */
export type CorrectableField = 'name' | 'idNumber' | 'phone';

/** A birth date as events hold it: sealed under the person's key (in clear only in v1 events). */
export type RecordedBirthDate = Member['birthDate'];

/**
 * Personal fields arrive sealed (the birth date too), with the keyed hash, the sex and, beside the sealed members,
 * the clear birth dates the application layer derived from the 身份证 after validating it (identity/gb11643.ts), for
 * the rules. A command about a recorded person carries their birth date as the application opened it (absent: not
 * known, the person's key erased). `registeredElsewhere`: ID hashes known to be
 * registered in another household of the district; the service passes none, since one person, one household is
 * decided on the identity reservation streams before the household's append (identity/reservation.ts).
 */
export type HouseholdCommand = (
  | {
      type: 'register';
      householdId: string;
      gridId: string;
      /** The grid's first day (its region node's creation): nothing is registered in it before. */
      gridOpenedOn: IsoDate;
      buildingId?: string;
      address: Sealed;
      registration: Registration;
      members: Member[];
      /** personId → birth date in clear (the members hold it sealed). */
      birthDates: Record<string, IsoDate>;
      registeredElsewhere: string[];
      on: IsoDate;
      by: Actor;
    }
  | { type: 'add-member'; member: Member; birthDate: IsoDate; registeredElsewhere: boolean; on: IsoDate; by: Actor }
  | { type: 'remove-member'; personId: string; reason: DataOf<typeof householdMemberRemoved>['reason']; on: IsoDate; by: Actor }
  | { type: 'change-head'; personId: string; on: IsoDate; by: Actor }
  | { type: 'transfer'; toGridId: string; toGridOpenedOn: IsoDate; buildingId?: string; on: IsoDate; by: Actor }
  | { type: 'move-out'; on: IsoDate; by: Actor }
  /** `newHeadId`: required when the head dies and living members remain. */
  | { type: 'record-death'; personId: string; diedOn: IsoDate; evidence: DeathEvidence; newHeadId?: string; birthDate?: IsoDate; by: Actor }
  /** 撤销死亡登记 by an official; `evidence`: the document reference, sealed under the person's key. */
  | { type: 'revoke-death'; personId: string; reason: Sealed; evidence: Sealed; on: IsoDate; by: Actor }
  /** Kind and grade in clear for the rules, and as the application sealed them for the event (health data). */
  | {
      type: 'certify-disability';
      personId: string;
      kind: DisabilityKind;
      grade: number;
      sealed: { kind: Sealed; grade: Sealed };
      certificateNo?: Sealed;
      certifiedOn: IsoDate;
      birthDate?: IsoDate;
      by: Actor;
    }
  /**
   * 信息更正. `corrected`: the fields that differ from the record (the application compares the clear values,
   * sealed fields cannot be compared here, the birth date a new ID number encodes included); `unchanged`: the fields
   * the request named with the recorded value; `birthDate`: the corrected birth date in clear, when there is one.
   */
  | {
      type: 'request-correction';
      personId: string;
      correctionId: string;
      corrected: Corrections;
      unchanged: CorrectableField[];
      birthDate?: IsoDate;
      reason: Sealed;
      evidence?: Sealed;
      on: IsoDate;
      by: Actor;
    }
  /**
   * `personId`: whose correction the caller means (the route's resident); another person's is unknown here.
   * `birthDate`: the pending correction's birth date, opened by the application.
   */
  | { type: 'confirm-correction'; correctionId: string; personId: string; birthDate?: IsoDate; on: IsoDate; by: Actor }
  | { type: 'reject-correction'; correctionId: string; personId: string; reason: Sealed; on: IsoDate; by: Actor }
) & {
  /** Today and the configured lead (shared/horizon.ts); absent in rule tests that are not about the calendar. */
  horizon?: Horizon;
};

export type HouseholdEvent =
  | EventOf<'grid-records.household.registered'>
  | EventOf<'grid-records.household.member-added'>
  | EventOf<'grid-records.household.member-removed'>
  | EventOf<'grid-records.household.head-changed'>
  | EventOf<'grid-records.household.transferred'>
  | EventOf<'grid-records.household.moved-out'>
  | EventOf<'grid-records.household.ended'>
  | EventOf<'grid-records.resident.died'>
  | EventOf<'grid-records.resident.death-revoked'>
  | EventOf<'grid-records.resident.disability-certified'>
  | EventOf<'grid-records.resident.details-corrected'>
  | EventOf<'grid-records.resident.correction-requested'>
  | EventOf<'grid-records.resident.correction-rejected'>;

export interface ResidentState {
  personId: string;
  idHash: string;
  /** As recorded (sealed since v2 of the member events): a rule needing the day gets it opened in its command. */
  birthDate: RecordedBirthDate;
  birthYear: number;
  sex: 'male' | 'female';
  relation: Member['relation'];
  joinedOn: IsoDate;
  /** Left the household alive. */
  leftOn: IsoDate | null;
  diedOn: IsoDate | null;
  /** The latest revoked death (撤销死亡登记), so that a repeated revocation is recognised as a retry. */
  revokedDeath: { diedOn: IsoDate; reason: SealedReason; on: IsoDate } | null;
  /** As recorded: sealed since v2 of the event (the next certificate's `previousGrade` copies it). */
  disability: { kind: Certified['kind']; grade: Certified['grade']; certifiedOn: IsoDate } | null;
}

export interface HouseholdState {
  status: 'none' | 'active' | 'moved-out' | 'ended';
  householdId: string;
  gridId: string;
  /** The building within the grid, when one was named (at registration, or by the latest transfer). */
  buildingId: string | null;
  registration: Registration;
  registeredOn: IsoDate;
  headId: string;
  /** Every resident ever in the household, by personId: history stays. */
  residents: Record<string, ResidentState>;
  /** Latest grid change (registration or transfer). */
  lastMoveOn: IsoDate;
  movedOutOn: IsoDate | null;
  endedOn: IsoDate | null;
  /** Correction requests awaiting an official, by correctionId (at most one per person). */
  corrections: Record<string, PendingCorrection>;
}

/** A requested correction of a name or ID number, until an official confirms or rejects it. */
export interface PendingCorrection {
  correctionId: string;
  personId: string;
  corrected: Corrections;
  reason: SealedReason;
  evidence?: Sealed;
  requestedBy: Actor;
  requestedOn: IsoDate;
}

/** A current, living member. */
export const isLivingMember = (r: ResidentState | undefined): r is ResidentState => !!r && r.leftOn === null && r.diedOn === null;
