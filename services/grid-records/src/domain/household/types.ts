import type {
  Member,
  Registration,
  Sealed,
  householdEnded,
  householdHeadChanged,
  householdMemberAdded,
  householdMemberRemoved,
  householdMovedOut,
  householdRegistered,
  householdTransferred,
  residentDetailsCorrected,
  residentDied,
  residentDisabilityCertified,
} from '@grid/contracts';
import type { IsoDate } from '../shared/dates';
import type { Actor, DataOf, Evt } from '../shared/events';

export type DisabilityKind = DataOf<typeof residentDisabilityCertified>['kind'];
export type DeathEvidence = DataOf<typeof residentDied>['evidence'];
export type Corrections = DataOf<typeof residentDetailsCorrected>['corrected'];

/**
 * Personal fields arrive sealed, with the keyed hash and the clear birth date / sex the application layer
 * derived from the 身份证 after validating it (identity/gb11643.ts). `registeredElsewhere`: ID hashes the
 * read model already lists in another household of the district (one person, one household).
 */
export type HouseholdCommand =
  | {
      type: 'register';
      householdId: string;
      gridId: string;
      buildingId?: string;
      address: Sealed;
      registration: Registration;
      members: Member[];
      registeredElsewhere: string[];
      on: IsoDate;
      by: Actor;
    }
  | { type: 'add-member'; member: Member; registeredElsewhere: boolean; on: IsoDate; by: Actor }
  | { type: 'remove-member'; personId: string; reason: DataOf<typeof householdMemberRemoved>['reason']; on: IsoDate; by: Actor }
  | { type: 'change-head'; personId: string; on: IsoDate; by: Actor }
  | { type: 'transfer'; toGridId: string; buildingId?: string; on: IsoDate; by: Actor }
  | { type: 'move-out'; on: IsoDate; by: Actor }
  /** `newHeadId`: required when the head dies and living members remain. */
  | { type: 'record-death'; personId: string; diedOn: IsoDate; evidence: DeathEvidence; newHeadId?: string; by: Actor }
  | {
      type: 'certify-disability';
      personId: string;
      kind: DisabilityKind;
      grade: number;
      certificateNo?: Sealed;
      certifiedOn: IsoDate;
      by: Actor;
    }
  | { type: 'correct-details'; personId: string; corrected: Corrections; reason: string; on: IsoDate; by: Actor };

export type HouseholdEvent =
  | Evt<'grid-records.household.registered', DataOf<typeof householdRegistered>>
  | Evt<'grid-records.household.member-added', DataOf<typeof householdMemberAdded>>
  | Evt<'grid-records.household.member-removed', DataOf<typeof householdMemberRemoved>>
  | Evt<'grid-records.household.head-changed', DataOf<typeof householdHeadChanged>>
  | Evt<'grid-records.household.transferred', DataOf<typeof householdTransferred>>
  | Evt<'grid-records.household.moved-out', DataOf<typeof householdMovedOut>>
  | Evt<'grid-records.household.ended', DataOf<typeof householdEnded>>
  | Evt<'grid-records.resident.died', DataOf<typeof residentDied>>
  | Evt<'grid-records.resident.disability-certified', DataOf<typeof residentDisabilityCertified>>
  | Evt<'grid-records.resident.details-corrected', DataOf<typeof residentDetailsCorrected>>;

export interface ResidentState {
  personId: string;
  idHash: string;
  birthDate: IsoDate;
  sex: 'male' | 'female';
  relation: Member['relation'];
  joinedOn: IsoDate;
  /** Left the household alive. */
  leftOn: IsoDate | null;
  diedOn: IsoDate | null;
  disability: { kind: DisabilityKind; grade: number; certifiedOn: IsoDate } | null;
}

export interface HouseholdState {
  status: 'none' | 'active' | 'moved-out' | 'ended';
  householdId: string;
  gridId: string;
  registration: Registration;
  registeredOn: IsoDate;
  headId: string;
  /** Every resident ever in the household, by personId: history stays. */
  residents: Record<string, ResidentState>;
  /** Latest grid change (registration or transfer). */
  lastMoveOn: IsoDate;
  movedOutOn: IsoDate | null;
  endedOn: IsoDate | null;
}

/** A current, living member. */
export const isLivingMember = (r: ResidentState | undefined): r is ResidentState => !!r && r.leftOn === null && r.diedOn === null;
