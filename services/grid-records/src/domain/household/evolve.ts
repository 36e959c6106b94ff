import type { Member } from '@grid/contracts';
import type { IsoDate } from '../shared/dates';
import type { GridRecordsEventType } from '../shared/events';
import type { HouseholdEvent, HouseholdState, ResidentState } from './types';

/** Another decider's event on the household stream (a visit, a disclosure): folding passes over it. */
export type OtherHouseholdStreamEvent = { type: Exclude<GridRecordsEventType, HouseholdEvent['type']> };

export const initialHousehold: HouseholdState = {
  status: 'none',
  householdId: '',
  gridId: '',
  buildingId: null,
  registration: 'urban',
  registeredOn: '0000-01-01',
  headId: '',
  residents: {},
  lastMoveOn: '0000-01-01',
  movedOutOn: null,
  endedOn: null,
  corrections: {},
};

const resident = (m: Member, on: IsoDate): ResidentState => ({
  personId: m.personId,
  idHash: m.idHash,
  birthDate: m.birthDate,
  birthYear: m.birthYear,
  sex: m.sex,
  relation: m.relation,
  joinedOn: on,
  leftOn: null,
  diedOn: null,
  revokedDeath: null,
  disability: null,
});

const update = (s: HouseholdState, personId: string, change: Partial<ResidentState>): HouseholdState => ({
  ...s,
  residents: { ...s.residents, [personId]: { ...s.residents[personId]!, ...change } },
});

const without = <T>(record: Record<string, T>, key: string): Record<string, T> => {
  const { [key]: _gone, ...rest } = record;
  return rest;
};

export function evolveHousehold(s: HouseholdState, e: HouseholdEvent | OtherHouseholdStreamEvent): HouseholdState {
  switch (e.type) {
    case 'grid-records.household.registered':
      return {
        ...initialHousehold,
        status: 'active',
        householdId: e.data.householdId,
        gridId: e.data.gridId,
        buildingId: e.data.buildingId ?? null,
        registration: e.data.registration,
        registeredOn: e.data.on,
        headId: e.data.headId,
        residents: Object.fromEntries(e.data.members.map((m) => [m.personId, resident(m, e.data.on)])),
        lastMoveOn: e.data.on,
      };
    case 'grid-records.household.member-added':
      return { ...s, residents: { ...s.residents, [e.data.member.personId]: resident(e.data.member, e.data.on) } };
    case 'grid-records.household.member-removed':
      return update(s, e.data.personId, { leftOn: e.data.on });
    case 'grid-records.household.head-changed':
      // Relations stay as registered (relative to the head of the day); headId is the truth about who is head.
      return { ...s, headId: e.data.toPersonId };
    case 'grid-records.household.transferred':
      return { ...s, gridId: e.data.toGridId, buildingId: e.data.buildingId ?? null, lastMoveOn: e.data.on };
    case 'grid-records.household.moved-out':
      return { ...s, status: 'moved-out', movedOutOn: e.data.on };
    case 'grid-records.household.ended':
      return { ...s, status: 'ended', endedOn: e.data.on };
    case 'grid-records.resident.died':
      return update(s, e.data.personId, { diedOn: e.data.diedOn });
    case 'grid-records.resident.death-revoked': {
      const { personId, diedOn, reason, on, reopened } = e.data;
      const revoked = update(s, personId, { diedOn: null, revokedDeath: { diedOn, reason, on } });
      return reopened ? { ...revoked, status: 'active', endedOn: null } : revoked;
    }
    case 'grid-records.resident.disability-certified':
      return update(s, e.data.personId, { disability: { kind: e.data.kind, grade: e.data.grade, certifiedOn: e.data.certifiedOn } });
    case 'grid-records.resident.details-corrected': {
      const { idHash, birthDate, birthYear, sex } = e.data.corrected;
      const corrected = update(s, e.data.personId, {
        ...(idHash ? { idHash } : {}),
        ...(birthDate && birthYear !== undefined ? { birthDate, birthYear } : {}),
        ...(sex ? { sex } : {}),
      });
      return e.data.correctionId === undefined ? corrected : { ...corrected, corrections: without(s.corrections, e.data.correctionId) };
    }
    case 'grid-records.resident.correction-requested': {
      const { correctionId, personId, corrected, reason, evidence, on, by } = e.data;
      const pending = { correctionId, personId, corrected, reason, ...(evidence ? { evidence } : {}), requestedBy: by, requestedOn: on };
      return { ...s, corrections: { ...s.corrections, [correctionId]: pending } };
    }
    case 'grid-records.resident.correction-rejected':
      return { ...s, corrections: without(s.corrections, e.data.correctionId) };
    default:
      // The household stream also holds visits and disclosures, which change nothing decided here.
      return s;
  }
}
