import { gridRecordsEvents, isGridRecordsEvent, selectEvents, type Envelope, type EnvelopeOf, type GridRecordsEnvelope, type Member, type Registration, type Sealed } from '@grid/contracts';
import { PROGRAMS, type DisabilityKind, type IsoDate } from '../../domain';

/** A resident as the household's record holds them: personal fields sealed, history kept. */
export type MemberView = {
  personId: string;
  relation: Member['relation'];
  name: Sealed;
  idNumber: Sealed;
  phone: Sealed | null;
  idHash: string;
  /** Sealed under the person's key (clear only from v1 events): the clear view opens it; lists keep the year. */
  birthDate: Sealed | IsoDate;
  /** Absent from views projected before it (their date is clear): read it with `birthYearOf`. */
  birthYear?: number;
  sex: Member['sex'];
  joinedOn: IsoDate;
  leftOn: IsoDate | null;
  diedOn: IsoDate | null;
  /** Kind and grade sealed under the person's key (clear only from v1 events): readers open them (application/personal-data.ts). */
  disability: { kind: Sealed | DisabilityKind; grade: Sealed | number; certificateNo: Sealed | null; certifiedOn: IsoDate } | null;
};

/**
 * One assistance status of the household or a member (低保, 特困 …), granted and not yet ended: filled from the
 * assistance streams by `evolveHouseholdStatuses`. An end is taken when it is recorded, whatever its date.
 */
export type StatusSummary = {
  caseId: string;
  program: string;
  class: string | null;
  personId: string | null;
  since: IsoDate;
};

/** The household (户) read model: what the API serves, and what lists filter on. */
export type HouseholdView = {
  householdId: string;
  gridId: string;
  buildingId: string | null;
  registration: Registration;
  address: Sealed;
  headId: string;
  status: 'active' | 'moved-out' | 'ended';
  registeredOn: IsoDate;
  movedOutOn: IsoDate | null;
  endedOn: IsoDate | null;
  members: MemberView[];
  statuses: StatusSummary[];
  /** Revision of `household-<id>` this view reflects: the resource's ETag. */
  revision: number;
  /** When the store recorded the latest event (recordedAt, not a clock: rebuilds give the same value). */
  updatedAt: string;
};

export const birthYearOf = (m: Pick<MemberView, 'birthDate' | 'birthYear'>): number => m.birthYear ?? Number(String(m.birthDate).slice(0, 4));

const memberView = (m: Member, on: IsoDate): MemberView => ({
  personId: m.personId,
  relation: m.relation,
  name: m.name,
  idNumber: m.idNumber,
  phone: m.phone ?? null,
  idHash: m.idHash,
  birthDate: m.birthDate,
  birthYear: m.birthYear,
  sex: m.sex,
  joinedOn: on,
  leftOn: null,
  diedOn: null,
  disability: null,
});

const updateMember = (v: HouseholdView, personId: string, change: Partial<MemberView>): HouseholdView => ({
  ...v,
  members: v.members.map((m) => (m.personId === personId ? { ...m, ...change } : m)),
});

/**
 * The view after one event of its stream: pure, so the projection (live and rebuilt) and a direct fold of the
 * stream (GET by id, which must answer with the stream's own revision) can never disagree. Events of other
 * deciders on the stream (visits, disclosures) change nothing here but the revision.
 */
export function evolveHouseholdView(view: HouseholdView | null, e: GridRecordsEnvelope): HouseholdView | null {
  const next = applyData(view, e);
  return next ? { ...next, revision: e.streamRevision, updatedAt: e.recordedAt } : null;
}

function applyData(v: HouseholdView | null, e: GridRecordsEnvelope): HouseholdView | null {
  if (e.type === 'grid-records.household.registered') {
    const d = e.data;
    return {
      householdId: d.householdId,
      gridId: d.gridId,
      buildingId: d.buildingId ?? null,
      registration: d.registration,
      address: d.address,
      headId: d.headId,
      status: 'active',
      registeredOn: d.on,
      movedOutOn: null,
      endedOn: null,
      members: d.members.map((m) => memberView(m, d.on)),
      statuses: [],
      revision: e.streamRevision,
      updatedAt: e.recordedAt,
    };
  }
  if (!v) return null; // nothing before registration: a stream that does not start with it is not a household
  switch (e.type) {
    case 'grid-records.household.member-added': {
      const d = e.data;
      return { ...v, members: [...v.members.filter((m) => m.personId !== d.member.personId), memberView(d.member, d.on)] };
    }
    case 'grid-records.household.member-removed': {
      const d = e.data;
      return updateMember(v, d.personId, { leftOn: d.on });
    }
    case 'grid-records.household.head-changed': {
      const d = e.data;
      return { ...v, headId: d.toPersonId };
    }
    case 'grid-records.household.transferred': {
      const d = e.data;
      return { ...v, gridId: d.toGridId, buildingId: d.buildingId ?? null };
    }
    case 'grid-records.household.moved-out': {
      const d = e.data;
      return { ...v, status: 'moved-out', movedOutOn: d.on };
    }
    case 'grid-records.household.ended': {
      const d = e.data;
      return { ...v, status: 'ended', endedOn: d.on };
    }
    case 'grid-records.resident.died': {
      const d = e.data;
      return updateMember(v, d.personId, { diedOn: d.diedOn });
    }
    case 'grid-records.resident.death-revoked': {
      const d = e.data;
      const living = updateMember(v, d.personId, { diedOn: null });
      return d.reopened ? { ...living, status: 'active', endedOn: null } : living;
    }
    case 'grid-records.resident.disability-certified': {
      const d = e.data;
      const disability = { kind: d.kind, grade: d.grade, certificateNo: d.certificateNo ?? null, certifiedOn: d.certifiedOn };
      return updateMember(v, d.personId, { disability });
    }
    case 'grid-records.resident.details-corrected': {
      const d = e.data;
      const { name, idNumber, phone, idHash, birthDate, birthYear, sex } = d.corrected;
      return updateMember(v, d.personId, {
        ...(name ? { name } : {}),
        ...(idNumber ? { idNumber } : {}),
        ...(phone ? { phone } : {}),
        ...(idHash ? { idHash } : {}),
        ...(birthDate && birthYear !== undefined ? { birthDate, birthYear } : {}),
        ...(sex ? { sex } : {}),
      });
    }
    default:
      return v;
  }
}

/** A household's whole stream folded into its view (null for a missing household). */
export const foldHouseholdView = (events: Envelope[]): HouseholdView | null =>
  events.filter(isGridRecordsEvent).reduce<HouseholdView | null>(evolveHouseholdView, null);

/** Assistance events that change the statuses summary: each names its household (contracts StatusRefShape). */
export const statusSummaryEvents = selectEvents(gridRecordsEvents, [
  'grid-records.assistance.approved',
  'grid-records.assistance.class-changed',
  'grid-records.assistance.exited',
  'grid-records.assistance.cancelled',
  'grid-records.assistance.ended',
]);

/**
 * The statuses summary after one assistance event (pure; the household's revision is its own stream's, so it
 * is left alone). One-off grants (临时救助) are paid once and never listed as a standing status.
 */
export function evolveHouseholdStatuses(view: HouseholdView | null, e: EnvelopeOf<typeof statusSummaryEvents>): HouseholdView | null {
  if (!view) return view;
  const { caseId } = e.data;
  const others = view.statuses.filter((s) => s.caseId !== caseId);
  switch (e.type) {
    case 'grid-records.assistance.approved': {
      const a = e.data;
      if (PROGRAMS[a.program].oneOff) return view;
      const status = { caseId, program: a.program, class: a.class, personId: a.personId, since: a.effectiveFrom };
      return { ...view, statuses: [...others, status] };
    }
    case 'grid-records.assistance.class-changed': {
      const { to } = e.data;
      return { ...view, statuses: view.statuses.map((s) => (s.caseId === caseId ? { ...s, class: to } : s)) };
    }
    case 'grid-records.assistance.exited':
    case 'grid-records.assistance.cancelled':
    case 'grid-records.assistance.ended':
      return { ...view, statuses: others };
    default:
      return view;
  }
}
