import { refused } from '@grid/platform/decider';
import { evt } from '../shared/events';
import { checkPlanned } from '../shared/horizon';
import { ONE_HEAD_SOURCE, checkNewMember, checkOpen, livingMember, livingMembers, notBefore, notBeforeGridOpened } from './rules';
import type { HouseholdCommand, HouseholdEvent, HouseholdState } from './types';

type Cmd<T extends HouseholdCommand['type']> = Extract<HouseholdCommand, { type: T }>;

export function register(cmd: Cmd<'register'>, s: HouseholdState): HouseholdEvent[] {
  if (s.status !== 'none') throw refused('already-exists', `household ${cmd.householdId} is already registered`);
  checkPlanned(cmd.on, cmd.horizon, 'on');
  notBeforeGridOpened(cmd.on, cmd.gridOpenedOn, 'gridId');
  const heads = cmd.members.filter((m) => m.relation === 'head');
  if (heads.length !== 1)
    throw refused('one-head', `a household has exactly one head, not ${heads.length}`, { source: ONE_HEAD_SOURCE, field: 'members' });
  const personIds = new Set<string>();
  const idHashes = new Set<string>();
  cmd.members.forEach((m, i) => {
    const field = `members.${i}`;
    if (personIds.has(m.personId)) throw refused('duplicate-member', `${m.personId} is listed twice`, { field });
    if (idHashes.has(m.idHash)) throw refused('duplicate-id', 'two members have the same ID number', { field });
    personIds.add(m.personId);
    idHashes.add(m.idHash);
    const birthDate = cmd.birthDates[m.personId];
    if (birthDate === undefined) throw refused('birth-date-required', `the birth date of ${m.personId} is not given`, { field });
    checkNewMember(s, m, birthDate, cmd.on, cmd.registeredElsewhere.includes(m.idHash), field);
  });
  const { type: _t, registeredElsewhere: _r, buildingId, gridOpenedOn: _g, horizon: _h, birthDates: _b, ...rest } = cmd;
  return [evt('grid-records.household.registered', { ...rest, ...(buildingId ? { buildingId } : {}), headId: heads[0]!.personId }, cmd.on)];
}

export function addMember(cmd: Cmd<'add-member'>, s: HouseholdState): HouseholdEvent[] {
  checkOpen(s);
  checkPlanned(cmd.on, cmd.horizon, 'on');
  notBefore(cmd.on, s.registeredOn, 'a new member');
  if (cmd.member.relation === 'head') {
    throw refused('one-head', 'the household already has a head: add the member, then change the head', {
      source: ONE_HEAD_SOURCE,
      field: 'member.relation',
    });
  }
  checkNewMember(s, cmd.member, cmd.birthDate, cmd.on, cmd.registeredElsewhere, 'member');
  return [evt('grid-records.household.member-added', { householdId: s.householdId, member: cmd.member, on: cmd.on, by: cmd.by }, cmd.on)];
}

export function removeMember(cmd: Cmd<'remove-member'>, s: HouseholdState): HouseholdEvent[] {
  checkOpen(s);
  const r = livingMember(s, cmd.personId);
  if (r.personId === s.headId)
    throw refused('head-cannot-leave', 'the head cannot leave: change the head first', { source: ONE_HEAD_SOURCE, field: 'personId' });
  notBefore(cmd.on, r.joinedOn, 'leaving');
  return [
    evt(
      'grid-records.household.member-removed',
      { householdId: s.householdId, personId: cmd.personId, on: cmd.on, reason: cmd.reason, by: cmd.by },
      cmd.on,
    ),
  ];
}

export function changeHead(cmd: Cmd<'change-head'>, s: HouseholdState): HouseholdEvent[] {
  checkOpen(s);
  const r = livingMember(s, cmd.personId);
  if (r.personId === s.headId) return [];
  checkPlanned(cmd.on, cmd.horizon, 'on');
  notBefore(cmd.on, r.joinedOn, 'the new head');
  return [
    evt(
      'grid-records.household.head-changed',
      { householdId: s.householdId, fromPersonId: s.headId, toPersonId: cmd.personId, on: cmd.on, cause: 'decision', by: cmd.by },
      cmd.on,
    ),
  ];
}

export function transfer(cmd: Cmd<'transfer'>, s: HouseholdState): HouseholdEvent[] {
  checkOpen(s);
  if (cmd.toGridId === s.gridId) throw refused('same-grid', `the household is already in grid ${s.gridId}`, { field: 'toGridId' });
  checkPlanned(cmd.on, cmd.horizon, 'on');
  notBefore(cmd.on, s.lastMoveOn, 'a transfer');
  notBeforeGridOpened(cmd.on, cmd.toGridOpenedOn, 'toGridId');
  return [
    evt(
      'grid-records.household.transferred',
      {
        householdId: s.householdId,
        fromGridId: s.gridId,
        toGridId: cmd.toGridId,
        ...(cmd.buildingId ? { buildingId: cmd.buildingId } : {}),
        on: cmd.on,
        by: cmd.by,
      },
      cmd.on,
    ),
  ];
}

export function moveOut(cmd: Cmd<'move-out'>, s: HouseholdState): HouseholdEvent[] {
  checkOpen(s);
  checkPlanned(cmd.on, cmd.horizon, 'on');
  notBefore(cmd.on, s.lastMoveOn, 'moving out');
  const memberIds = livingMembers(s).map((r) => r.personId);
  return [
    evt('grid-records.household.moved-out', { householdId: s.householdId, gridId: s.gridId, memberIds, on: cmd.on, by: cmd.by }, cmd.on),
  ];
}
