import type * as C from '@grid/contracts';
import type { Actor, EventDefinition } from '@grid/contracts';
import type { z } from 'zod';

/** The data type of a published event definition (contracts are the single source of the shapes). */
export type DataOf<D extends EventDefinition> = z.infer<D['data']>;

/** Every grid-records event type and its data, as the contracts define them. */
export interface EventDataMap {
  'grid-records.region.created': DataOf<typeof C.regionCreated>;
  'grid-records.region.renamed': DataOf<typeof C.regionRenamed>;
  'grid-records.region.moved': DataOf<typeof C.regionMoved>;
  'grid-records.region.closed': DataOf<typeof C.regionClosed>;
  'grid-records.grid.worker-assigned': DataOf<typeof C.gridWorkerAssigned>;
  'grid-records.grid.worker-unassigned': DataOf<typeof C.gridWorkerUnassigned>;
  'grid-records.household.registered': DataOf<typeof C.householdRegistered>;
  'grid-records.household.member-added': DataOf<typeof C.householdMemberAdded>;
  'grid-records.household.member-removed': DataOf<typeof C.householdMemberRemoved>;
  'grid-records.household.head-changed': DataOf<typeof C.householdHeadChanged>;
  'grid-records.household.transferred': DataOf<typeof C.householdTransferred>;
  'grid-records.household.moved-out': DataOf<typeof C.householdMovedOut>;
  'grid-records.household.ended': DataOf<typeof C.householdEnded>;
  'grid-records.resident.died': DataOf<typeof C.residentDied>;
  'grid-records.resident.death-revoked': DataOf<typeof C.residentDeathRevoked>;
  'grid-records.resident.disability-certified': DataOf<typeof C.residentDisabilityCertified>;
  'grid-records.resident.details-corrected': DataOf<typeof C.residentDetailsCorrected>;
  'grid-records.resident.correction-requested': DataOf<typeof C.residentCorrectionRequested>;
  'grid-records.resident.correction-rejected': DataOf<typeof C.residentCorrectionRejected>;
  'grid-records.household.personal-data-revealed': DataOf<typeof C.householdPersonalDataRevealed>;
  'grid-records.assistance.applied': DataOf<typeof C.assistanceApplied>;
  'grid-records.assistance.home-checked': DataOf<typeof C.assistanceHomeChecked>;
  'grid-records.assistance.reviewed': DataOf<typeof C.assistanceReviewed>;
  'grid-records.assistance.notice-published': DataOf<typeof C.assistanceNoticePublished>;
  'grid-records.assistance.objection-raised': DataOf<typeof C.assistanceObjectionRaised>;
  'grid-records.assistance.objection-decided': DataOf<typeof C.assistanceObjectionDecided>;
  'grid-records.assistance.approved': DataOf<typeof C.assistanceApproved>;
  'grid-records.assistance.rejected': DataOf<typeof C.assistanceRejected>;
  'grid-records.assistance.class-changed': DataOf<typeof C.assistanceClassChanged>;
  'grid-records.assistance.review-completed': DataOf<typeof C.assistanceReviewCompleted>;
  'grid-records.assistance.suspended': DataOf<typeof C.assistanceSuspended>;
  'grid-records.assistance.resumed': DataOf<typeof C.assistanceResumed>;
  'grid-records.assistance.exited': DataOf<typeof C.assistanceExited>;
  'grid-records.assistance.cancelled': DataOf<typeof C.assistanceCancelled>;
  'grid-records.assistance.ended': DataOf<typeof C.assistanceEnded>;
  'grid-records.assistance.coverage-ended': DataOf<typeof C.assistanceCoverageEnded>;
  'grid-records.assistance.flagged': DataOf<typeof C.assistanceFlagged>;
  'grid-records.visit.recorded': DataOf<typeof C.visitRecorded>;
  'grid-records.identity.claimed': DataOf<typeof C.identityClaimed>;
  'grid-records.identity.released': DataOf<typeof C.identityReleased>;
  'grid-records.official-relative.registered': DataOf<typeof C.officialRelativeRegistered>;
  'grid-records.official-relative.withdrawn': DataOf<typeof C.officialRelativeWithdrawn>;
}
export type GridRecordsEventType = keyof EventDataMap;

/**
 * A domain event as deciders emit it: the contract's type and data, and `occurredAt`, the business date
 * it took effect, which the command handler puts on the envelope (the second clock, recordedAt, is the store's).
 */
export interface Evt<T extends string, D> {
  type: T;
  data: D;
  occurredAt: string;
}

/** The domain event(s) of one or more types (distributes over a union of types). */
export type EventOf<T extends GridRecordsEventType> = T extends GridRecordsEventType ? Evt<T, EventDataMap[T]> : never;

export const evt = <T extends GridRecordsEventType>(type: T, data: EventDataMap[T], occurredAt: string): EventOf<T> =>
  ({ type, data, occurredAt }) as EventOf<T>;

export type { Actor };
