import { refused, type Decider } from '@grid/platform/decider';
import type { householdPersonalDataRevealed } from '@grid/contracts';
import { evt, type Actor, type DataOf, type Evt } from '../shared/events';
import { evolveHousehold, initialHousehold } from './evolve';
import type { HouseholdEvent, HouseholdState } from './types';

type Revealed = DataOf<typeof householdPersonalDataRevealed>;

/** Personal data is shown by role, and a clear-text view outside the grid is accountable (个人信息保护法 第五十一条). */
export const DISCLOSURE_SOURCE = '个人信息保护法 第五十一条; docs/domain-glossary.md §6 auditors';

/** `at`: the moment of the reveal (an ISO timestamp from the caller: the domain reads no clock). */
export type DisclosureCommand = { type: 'reveal-personal-data'; view: Revealed['view']; reason: string; at: string; by: Actor };

export type DisclosureEvent = Evt<'grid-records.household.personal-data-revealed', Revealed>;

/**
 * 查阅留痕: an auditor's clear-text view of a household's members is recorded on the household's own stream
 * before it is shown, so the household's history says who saw its people's data, when and why.
 */
export function decideDisclosure(cmd: DisclosureCommand, s: HouseholdState): DisclosureEvent[] {
  if (s.status === 'none') throw refused('unknown-household', 'no such household');
  if (cmd.reason.trim().length === 0)
    throw refused('reason-required', 'a reveal names its reason', { source: DISCLOSURE_SOURCE, field: 'reason' });
  return [
    evt(
      'grid-records.household.personal-data-revealed',
      { householdId: s.householdId, personIds: Object.keys(s.residents), view: cmd.view, reason: cmd.reason, by: cmd.by },
      cmd.at,
    ),
  ];
}

export const disclosureDecider: Decider<DisclosureCommand, HouseholdEvent | DisclosureEvent, HouseholdState> = {
  initialState: initialHousehold,
  decide: decideDisclosure,
  evolve: evolveHousehold,
};
