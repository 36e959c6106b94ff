import type { Actor, ConsortiumLevel, MemberKind, ProgramCode } from '@grid/contracts';
import { refused, type Decider } from '@grid/platform/decider';
import type { IsoDate } from '../dates';
import { evt, type EventsOf } from '../events';

/** A 助联体 member as other deciders need to know it (the application reads it from the members' read model). */
export interface MemberFacts {
  memberId: string;
  status: 'active' | 'suspended' | 'left';
  level: ConsortiumLevel;
  regionId: string;
}

export type MemberState = (MemberFacts & { name: string; kind: MemberKind }) | null;

export type MemberCommand = { by: Actor; on: IsoDate } & (
  | { type: 'join'; memberId: string; name: string; kind: MemberKind; level: ConsortiumLevel; regionId: string }
  | { type: 'suspend'; reason: string }
  | { type: 'reinstate' }
  | { type: 'leave'; reason: string }
  | { type: 'deliver-benefit-list'; deliveryId: string; householdId: string; programs: ProgramCode[]; projectIds: string[] }
);

export type MemberEvent = EventsOf<
  | 'help-projects.consortium.member-joined'
  | 'help-projects.consortium.member-suspended'
  | 'help-projects.consortium.member-reinstated'
  | 'help-projects.consortium.member-left'
  | 'help-projects.consortium.benefit-list-delivered'
>;

/** Publishing, enrolling, serving and delivering need a member that has joined and is neither suspended nor gone. */
export function activeMember(m: MemberFacts | null, field = 'memberId'): MemberFacts {
  if (m === null) throw refused('no-member', 'no consortium member with this id has joined', { field });
  if (m.status !== 'active') throw refused('member-not-active', `member ${m.memberId} is ${m.status}`, { field });
  return m;
}

/** One member, stream `consortium-<memberId>`: join (入驻), suspend, reinstate, leave, deliver benefit lists. */
export function decideMember(cmd: MemberCommand, s: MemberState): MemberEvent[] {
  const { by, on } = cmd;
  if (cmd.type === 'join') {
    if (s !== null) throw refused('already-joined', `member ${s.memberId} joined already`);
    const { memberId, name, kind, level, regionId } = cmd;
    return [evt('help-projects.consortium.member-joined', { memberId, name, kind, level, regionId, joinedOn: on, by }, on)];
  }
  if (s === null) throw refused('no-member', 'no consortium member with this id has joined');
  if (s.status === 'left') throw refused('member-left', `member ${s.memberId} has left the consortium`);
  const memberId = s.memberId;
  switch (cmd.type) {
    case 'suspend':
      if (s.status === 'suspended') return [];
      return [evt('help-projects.consortium.member-suspended', { memberId, on, reason: cmd.reason, by }, on)];
    case 'reinstate':
      if (s.status === 'active') return [];
      return [evt('help-projects.consortium.member-reinstated', { memberId, on, by }, on)];
    case 'leave':
      return [evt('help-projects.consortium.member-left', { memberId, on, reason: cmd.reason, by }, on)];
    case 'deliver-benefit-list': {
      activeMember(s);
      const { deliveryId, householdId, programs, projectIds } = cmd;
      return [evt('help-projects.consortium.benefit-list-delivered', { memberId, deliveryId, householdId, deliveredOn: on, programs, projectIds, by }, on)];
    }
  }
}

export function evolveMember(s: MemberState, e: MemberEvent): MemberState {
  switch (e.type) {
    case 'help-projects.consortium.member-joined': {
      const { memberId, name, kind, level, regionId } = e.data;
      return { memberId, name, kind, level, regionId, status: 'active' };
    }
    case 'help-projects.consortium.member-suspended':
      return s && { ...s, status: 'suspended' };
    case 'help-projects.consortium.member-reinstated':
      return s && { ...s, status: 'active' };
    case 'help-projects.consortium.member-left':
      return s && { ...s, status: 'left' };
    case 'help-projects.consortium.benefit-list-delivered':
      return s;
  }
}

export const memberDecider: Decider<MemberCommand, MemberEvent, MemberState> = { initialState: null as MemberState, decide: decideMember, evolve: evolveMember };
