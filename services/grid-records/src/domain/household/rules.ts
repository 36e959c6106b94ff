import { refused } from '@grid/platform/decider';
import type { Member } from '@grid/contracts';
import type { IsoDate } from '../shared/dates';
import { isLivingMember, type HouseholdState, type ResidentState } from './types';

/** 户主: one person heads the household (户口登记条例 第五条). */
export const ONE_HEAD_SOURCE = '中华人民共和国户口登记条例 第五条';
/** Disability grades 一级–四级 (GB/T 26341-2010 残疾人残疾分类和分级). */
export const DISABILITY_SOURCE = 'GB/T 26341-2010 残疾人残疾分类和分级';

export function notBefore(on: IsoDate, earliest: IsoDate, what: string, field = 'on'): void {
  if (on < earliest) throw refused('date-out-of-order', `${what} takes effect on or after ${earliest}`, { field });
}

/** A household lives in a grid from the grid's first day (its region node's creation) on. */
export function notBeforeGridOpened(on: IsoDate, openedOn: IsoDate, gridField: string): void {
  if (on < openedOn)
    throw refused('before-region-opened', `${gridField} was set up on ${openedOn}: nothing takes effect in it before`, { field: 'on' });
}

/** A new member: born by then (`birthDate`: in clear, the member holds it sealed), not registered twice here or in another household of the district. */
export function checkNewMember(s: HouseholdState, m: Member, birthDate: IsoDate, on: IsoDate, registeredElsewhere: boolean, field: string): void {
  if (birthDate > on) throw refused('birth-after-date', `born ${birthDate}, after ${on}`, { field });
  const current = Object.values(s.residents).filter((r) => r.leftOn === null);
  if (current.some((r) => r.personId === m.personId)) throw refused('duplicate-member', `${m.personId} is already a member`, { field });
  if (current.some((r) => r.idHash === m.idHash && r.diedOn === null)) {
    throw refused('duplicate-id', 'a member with the same ID number is already registered', { field });
  }
  if (registeredElsewhere) {
    throw refused('registered-elsewhere', 'this ID number is registered in another household of the district: remove it there first', {
      source: ONE_HEAD_SOURCE,
      field,
    });
  }
}

/** A living, current member, or a refusal naming why not. */
export function livingMember(s: HouseholdState, personId: string, field = 'personId'): ResidentState {
  const r = s.residents[personId];
  if (!r || r.leftOn !== null) throw refused('not-a-member', `${personId} is not a member of household ${s.householdId}`, { field });
  if (r.diedOn !== null) throw refused('member-dead', `${personId} died on ${r.diedOn}`, { field });
  return r;
}

export const livingMembers = (s: HouseholdState): ResidentState[] => Object.values(s.residents).filter(isLivingMember);

/** Refuses commands on a household that is not open; death before a move-out and corrections stay possible. */
export function checkOpen(s: HouseholdState): void {
  if (s.status === 'none') throw refused('unknown-household', 'no such household');
  if (s.status === 'ended') throw refused('household-ended', `the household ended on ${s.endedOn}`);
  if (s.status === 'moved-out') throw refused('moved-out', `the household moved out of the district on ${s.movedOutOn}`);
}

/**
 * Whether this household's record holds an ID number, as the identity reservation counts it (identity/reservation.ts):
 * a current member (alive, while the household is in the district) or a member who died here, whose record stays
 * here for good (a move-out takes the living only). Members who left hold nothing.
 */
export function heldIdentity(s: HouseholdState, idHash: string): 'member' | 'died' | null {
  let held: 'member' | 'died' | null = null;
  for (const r of Object.values(s.residents)) {
    if (r.idHash !== idHash || r.leftOn !== null) continue;
    if (r.diedOn !== null) return 'died';
    if (s.status === 'active') held = 'member';
  }
  return held;
}
