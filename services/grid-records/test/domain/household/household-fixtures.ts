import type { Member } from '@grid/contracts';
import type { HouseholdCommand, HouseholdEvent } from '../../../src/domain/household/types';
import { gridWorker, member, sealed } from '../fixtures';

/** The Liu household in grid g-1 of 翠竹园社区: grandmother (head), her son, his daughter. */
export const grandmother = member('p-liu-gm', 'head', '1938-04-02');
export const son = member('p-liu-son', 'child', '1965-09-10', 'male');
export const granddaughter = member('p-liu-gd', 'grandchild', '2010-06-01');

export const register = (
  members: Member[] = [grandmother, son, granddaughter],
  over: Partial<Extract<HouseholdCommand, { type: 'register' }>> = {},
): HouseholdCommand => ({
  type: 'register',
  householdId: 'h-liu',
  gridId: 'g-1',
  gridOpenedOn: '2019-01-01',
  address: sealed('梅湾路12号3栋201'),
  registration: 'urban',
  members,
  birthDates: Object.fromEntries(members.map((m) => [m.personId, m.birthDate as string])),
  registeredElsewhere: [],
  on: '2020-01-10',
  by: gridWorker,
  ...over,
});

export const registered = (members: Member[] = [grandmother, son, granddaughter], on = '2020-01-10'): HouseholdEvent => ({
  type: 'grid-records.household.registered',
  data: {
    householdId: 'h-liu',
    gridId: 'g-1',
    address: sealed('梅湾路12号3栋201'),
    registration: 'urban',
    headId: members.find((m) => m.relation === 'head')!.personId,
    members,
    on,
    by: gridWorker,
  },
  occurredAt: on,
});

export const died = (personId: string, diedOn: string, idHash: string): HouseholdEvent => ({
  type: 'grid-records.resident.died',
  data: { householdId: 'h-liu', personId, idHash, diedOn, evidence: 'death-certificate', by: gridWorker },
  occurredAt: diedOn,
});

export const movedOut = (
  on: string,
  memberIds: string[] = [grandmother.personId, son.personId, granddaughter.personId],
): HouseholdEvent => ({
  type: 'grid-records.household.moved-out',
  data: { householdId: 'h-liu', gridId: 'g-1', memberIds, on, by: gridWorker },
  occurredAt: on,
});

export const removed = (personId: string, on: string): HouseholdEvent => ({
  type: 'grid-records.household.member-removed',
  data: { householdId: 'h-liu', personId, on, reason: 'moved-away', by: gridWorker },
  occurredAt: on,
});
