import { refused, type Decider } from '@grid/platform/decider';
import type { VISIT_FINDINGS, visitRecorded } from '@grid/contracts';
import type { HouseholdEvent } from '../household/types';
import type { IsoDate } from '../shared/dates';
import { evt, type Actor, type DataOf, type EventOf } from '../shared/events';
import { checkOccurred, type Horizon } from '../shared/horizon';

export type VisitFinding = (typeof VISIT_FINDINGS)[number];

export type VisitCommand = {
  type: 'record-visit';
  visitId: string;
  personIds: string[];
  visitedOn: IsoDate;
  kind: DataOf<typeof visitRecorded>['kind'];
  findings: VisitFinding[];
  note?: DataOf<typeof visitRecorded>['note'];
  by: Actor;
  horizon?: Horizon;
};

export type VisitEvent = EventOf<'grid-records.visit.recorded'>;

/** What recording a visit needs to know of the household: when it existed and who lived there. */
export interface VisitState {
  householdId: string | null;
  registeredOn: IsoDate | null;
  closedOn: IsoDate | null;
  closedBy: 'moved-out' | 'household-ended' | null;
  members: Record<string, { joinedOn: IsoDate; leftOn: IsoDate | null; diedOn: IsoDate | null }>;
  visitIds: string[];
}

const initialVisits: VisitState = { householdId: null, registeredOn: null, closedOn: null, closedBy: null, members: {}, visitIds: [] };

/**
 * 走访/探访关爱, recorded on the household's own stream (`household-<id>`) beside its other history. This
 * decider folds the household's events too, so it can tell whether the visit fits the household's life.
 */
export function decideVisit(cmd: VisitCommand, s: VisitState): VisitEvent[] {
  if (s.householdId === null) throw refused('unknown-household', 'no such household');
  if (s.visitIds.includes(cmd.visitId)) return [];
  checkOccurred(cmd.visitedOn, cmd.horizon, 'visitedOn');
  if (cmd.visitedOn < s.registeredOn!)
    throw refused('visit-before-registration', `the household was registered on ${s.registeredOn}`, { field: 'visitedOn' });
  if (s.closedOn !== null && cmd.visitedOn > s.closedOn)
    throw refused(s.closedBy!, `the household's record closed on ${s.closedOn}`, { field: 'visitedOn' });
  if (cmd.findings.length === 0)
    throw refused('findings-required', 'say what the visit found, if only that nobody was at home', { field: 'findings' });
  for (const personId of cmd.personIds) {
    const m = s.members[personId];
    if (!m || m.joinedOn > cmd.visitedOn || (m.leftOn !== null && m.leftOn < cmd.visitedOn)) {
      throw refused('not-a-member', `${personId} was not a member on ${cmd.visitedOn}`, { field: 'personIds' });
    }
    if (m.diedOn !== null && m.diedOn < cmd.visitedOn)
      throw refused('member-dead', `${personId} died on ${m.diedOn}`, { field: 'personIds' });
  }
  const { type: _t, note, horizon: _h, ...rest } = cmd;
  return [evt('grid-records.visit.recorded', { ...rest, householdId: s.householdId, ...(note ? { note } : {}) }, cmd.visitedOn)];
}

export function evolveVisit(s: VisitState, e: HouseholdEvent | VisitEvent): VisitState {
  const member = (id: string, change: Partial<VisitState['members'][string]>) => ({ ...s.members, [id]: { ...s.members[id]!, ...change } });
  switch (e.type) {
    case 'grid-records.household.registered':
      return {
        ...initialVisits,
        householdId: e.data.householdId,
        registeredOn: e.data.on,
        members: Object.fromEntries(e.data.members.map((m) => [m.personId, { joinedOn: e.data.on, leftOn: null, diedOn: null }])),
      };
    case 'grid-records.household.member-added':
      return { ...s, members: { ...s.members, [e.data.member.personId]: { joinedOn: e.data.on, leftOn: null, diedOn: null } } };
    case 'grid-records.household.member-removed':
      return { ...s, members: member(e.data.personId, { leftOn: e.data.on }) };
    case 'grid-records.resident.died':
      return { ...s, members: member(e.data.personId, { diedOn: e.data.diedOn }) };
    case 'grid-records.resident.death-revoked': {
      const members = member(e.data.personId, { diedOn: null });
      return e.data.reopened ? { ...s, members, closedOn: null, closedBy: null } : { ...s, members };
    }
    case 'grid-records.household.moved-out':
      return { ...s, closedOn: e.data.on, closedBy: 'moved-out' };
    case 'grid-records.household.ended':
      return { ...s, closedOn: e.data.on, closedBy: 'household-ended' };
    case 'grid-records.visit.recorded':
      return { ...s, visitIds: [...s.visitIds, e.data.visitId] };
    default:
      return s;
  }
}

export const visitDecider: Decider<VisitCommand, HouseholdEvent | VisitEvent, VisitState> = {
  initialState: initialVisits,
  decide: decideVisit,
  evolve: evolveVisit,
};
