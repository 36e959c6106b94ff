import { refused, type Decider } from '@grid/platform/decider';
import type { ERASURE_BASES, residentErased } from '@grid/contracts';
import type { IsoDate } from '../shared/dates';
import { holdsPersonalNumber } from '../shared/personal-numbers';
import { evt, type Actor, type DataOf, type Evt } from '../shared/events';
import { evolveHousehold, initialHousehold } from './evolve';
import type { HouseholdEvent, HouseholdState } from './types';

/** 个人信息保护法 第四十七条: the controller deletes personal data on these grounds. */
export const ERASURE_SOURCE = '个人信息保护法 第四十七条';
/** A resident still registered is data kept under a legal duty (第十三条第一款第三项; 户口登记条例). */
export const REGISTER_DUTY_SOURCE = '个人信息保护法 第十三条第一款第三项; 中华人民共和国户口登记条例';

export type ErasureCommand = {
  type: 'erase-person';
  personId: string;
  legalBasis: (typeof ERASURE_BASES)[number];
  reference: string;
  on: IsoDate;
  by: Actor;
};
export type ErasureEvent = Evt<'grid-records.resident.erased', DataOf<typeof residentErased>>;
export type ErasureState = { household: HouseholdState; erased: readonly string[] };

/**
 * 删除个人信息: recorded before the person's data key is destroyed. Only a resident no longer on the register (died,
 * left, or in a household that moved out or ended) is erased; a second erasure of the same person records nothing.
 */
export function decideErasure(cmd: ErasureCommand, s: ErasureState): ErasureEvent[] {
  const h = s.household;
  if (h.status === 'none') throw refused('unknown-household', 'no such household');
  const resident = h.residents[cmd.personId];
  if (!resident) throw refused('not-a-member', 'the person never belonged to this household', { field: 'personId' });
  if (s.erased.includes(cmd.personId)) return [];
  if (h.status === 'active' && resident.leftOn === null && resident.diedOn === null)
    throw refused('still-registered', 'a resident on the register is kept under a legal duty: record the death or the move first', { source: REGISTER_DUTY_SOURCE });
  if (holdsPersonalNumber(cmd.reference))
    throw refused('personal-data-in-reference', 'the reference names the decision (文号), never an ID or phone number', { source: ERASURE_SOURCE, field: 'reference' });
  const data = { householdId: h.householdId, personId: cmd.personId, legalBasis: cmd.legalBasis, reference: cmd.reference, on: cmd.on, by: cmd.by };
  return [evt('grid-records.resident.erased', data, cmd.on)];
}

// Other events of the stream (visits, disclosures) pass through evolveHousehold unchanged, as in disclosureDecider.
export const erasureDecider: Decider<ErasureCommand, HouseholdEvent | ErasureEvent, ErasureState> = {
  initialState: { household: initialHousehold, erased: [] },
  decide: decideErasure,
  evolve: (s, e) =>
    e.type === 'grid-records.resident.erased'
      ? { ...s, erased: [...s.erased, e.data.personId] }
      : { ...s, household: evolveHousehold(s.household, e) },
};
