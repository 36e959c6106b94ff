import type { GridRecordsEvent } from '@grid/contracts';
import { noPerson, type HouseholdFacts, type PersonFacts, type StatusFacts } from './household-facts';

/** A grid-records event as help-projects reads it off the bus: with its id and the time it was recorded. */
export type GridRecordsFact = GridRecordsEvent & { eventId: string; recordedAt: string };

/** The household a grid-records event is about; null for events of no household (regions, grids, identities). */
export function householdOf(e: GridRecordsFact): string | null {
  return 'householdId' in e.data && typeof e.data.householdId === 'string' ? e.data.householdId : null;
}

/**
 * The household's facts with one more grid-records event: pure, idempotent by event id (a redelivered event
 * finds its key taken and changes nothing), and order-independent (facts are keyed, never overwritten).
 */
export function evolveFacts(f: HouseholdFacts, e: GridRecordsFact): HouseholdFacts {
  const id = e.eventId;
  switch (e.type) {
    case 'grid-records.household.registered': {
      let persons = f.persons;
      for (const m of e.data.members) persons = withPerson(persons, m.personId, (p) => (p.birthDate ? p : { ...p, birthDate: m.birthDate, birthYear: m.birthYear }));
      return { ...f, registration: e.data.registration, grids: put(f.grids, id, { gridId: e.data.gridId, on: e.data.on }), persons };
    }
    case 'grid-records.household.member-added':
      return { ...f, persons: withPerson(f.persons, e.data.member.personId, (p) => (p.birthDate ? p : { ...p, birthDate: e.data.member.birthDate, birthYear: e.data.member.birthYear })) };
    case 'grid-records.household.member-removed':
      return { ...f, persons: withPerson(f.persons, e.data.personId, (p) => ({ ...p, left: put(p.left, id, { on: e.data.on }) })) };
    case 'grid-records.household.transferred':
      return { ...f, grids: put(f.grids, id, { gridId: e.data.toGridId, on: e.data.on }) };
    case 'grid-records.household.moved-out':
      return { ...f, movedOut: put(f.movedOut, id, { on: e.data.on }) };
    case 'grid-records.resident.died':
      return { ...f, persons: withPerson(f.persons, e.data.personId, (p) => ({ ...p, deaths: put(p.deaths, id, { on: e.data.diedOn, recordedAt: e.recordedAt }) })) };
    case 'grid-records.resident.death-revoked':
      return { ...f, persons: withPerson(f.persons, e.data.personId, (p) => ({ ...p, revokedDeaths: put(p.revokedDeaths, id, { on: e.data.diedOn }) })) };
    case 'grid-records.resident.disability-certified':
      return { ...f, persons: withPerson(f.persons, e.data.personId, (p) => ({ ...p, disability: put(p.disability, id, { on: e.data.certifiedOn, grade: e.data.grade }) })) };
    case 'grid-records.visit.recorded':
      return { ...f, visits: put(f.visits, e.data.visitId, { on: e.data.visitedOn, eventId: id }) };
    case 'grid-records.assistance.approved': {
      const d = e.data;
      const grant = { on: d.effectiveFrom, coveredPersonIds: d.coveredPersonIds, class: d.class, careLevel: d.careLevel ?? null, mode: d.mode ?? null };
      return withStatus(f, d, (s) => ({ ...s, grants: put(s.grants, id, grant) }));
    }
    case 'grid-records.assistance.class-changed':
      return withStatus(f, e.data, (s) => ({ ...s, classChanges: put(s.classChanges, id, { on: e.data.effectiveFrom, to: e.data.to }) }));
    case 'grid-records.assistance.exited':
    case 'grid-records.assistance.cancelled':
    case 'grid-records.assistance.ended':
      return withStatus(f, e.data, (s) => ({ ...s, ends: put(s.ends, id, { on: e.data.endedOn }) }));
    case 'grid-records.assistance.coverage-ended':
      return withStatus(f, e.data, (s) => ({ ...s, coverageEnds: put(s.coverageEnds, id, { on: e.data.endedOn, personId: e.data.coveredPersonId }) }));
    default:
      return f;
  }
}

/** The record with `value` under `key`; the same record when the key is taken (the event was applied before). */
function put<T>(record: Readonly<Record<string, T>>, key: string, value: T): Readonly<Record<string, T>> {
  return key in record ? record : { ...record, [key]: value };
}

function withPerson(persons: HouseholdFacts['persons'], personId: string, change: (p: PersonFacts) => PersonFacts): HouseholdFacts['persons'] {
  const before = persons[personId] ?? noPerson(personId);
  const after = change(before);
  return after === before && personId in persons ? persons : { ...persons, [personId]: after };
}

type StatusRef = Pick<StatusFacts, 'caseId' | 'program' | 'personId'>;

function withStatus(f: HouseholdFacts, ref: StatusRef, change: (s: StatusFacts) => StatusFacts): HouseholdFacts {
  const before = f.statuses[ref.caseId] ?? { caseId: ref.caseId, program: ref.program, personId: ref.personId, grants: {}, classChanges: {}, ends: {}, coverageEnds: {} };
  const after = change(before);
  return after === before && ref.caseId in f.statuses ? f : { ...f, statuses: { ...f.statuses, [ref.caseId]: after } };
}
