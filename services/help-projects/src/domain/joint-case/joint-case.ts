import type { Actor } from '@grid/contracts';
import { refused, type Decider } from '@grid/platform/decider';
import { activeMember, type MemberFacts } from '../consortium/member';
import type { IsoDate } from '../dates';
import { evt, type EventsOf, type HelpProjectsEventData } from '../events';

type Need = HelpProjectsEventData['help-projects.joint-case.opened']['need'];

export interface JointCase {
  caseId: string;
  householdId: string;
  steps: Readonly<Record<string, { memberId: string; dueOn: IsoDate; done: boolean }>>;
  handledJointlyOn: IsoDate | null;
}
export type JointCaseState = JointCase | null;

export type JointCaseCommand = { by: Actor; on: IsoDate } & (
  | { type: 'open'; caseId: string; householdId: string; regionId: string; need: Need }
  | { type: 'assign-step'; stepId: string; member: MemberFacts | null; task: string; dueOn: IsoDate }
  | { type: 'complete-step'; stepId: string; memberId: string }
);

export type JointCaseEvent = EventsOf<Extract<keyof HelpProjectsEventData, `help-projects.joint-case.${string}`>>;

/** 救助一件事, stream `jointcase-<caseId>`: steps assigned to members; handled jointly when all are done by two members or more. */
export function decideJointCase(cmd: JointCaseCommand, s: JointCaseState): JointCaseEvent[] {
  const { on, by } = cmd;
  if (cmd.type === 'open') {
    if (s !== null) throw refused('case-exists', `case ${s.caseId} is open already`, { field: 'caseId' });
    const { caseId, householdId, regionId, need } = cmd;
    return [evt('help-projects.joint-case.opened', { caseId, householdId, regionId, need, openedOn: on, by }, on)];
  }
  if (s === null) throw refused('no-case', 'no joint case with this id');
  if (s.handledJointlyOn !== null) throw refused('case-handled', `handled jointly on ${s.handledJointlyOn}`);
  if (cmd.type === 'assign-step') {
    if (cmd.stepId in s.steps) throw refused('step-exists', `step ${cmd.stepId} exists`, { field: 'stepId' });
    const member = activeMember(cmd.member);
    if (cmd.dueOn < on) throw refused('due-before-assigned', `due ${cmd.dueOn}, before it was assigned`, { field: 'dueOn' });
    const { stepId, task, dueOn } = cmd;
    return [evt('help-projects.joint-case.step-assigned', { caseId: s.caseId, stepId, memberId: member.memberId, task, dueOn, on, by }, on)];
  }
  const step = s.steps[cmd.stepId];
  if (!step) throw refused('no-step', `no step ${cmd.stepId}`, { field: 'stepId' });
  if (step.done) return [];
  if (step.memberId !== cmd.memberId) throw refused('not-the-assignee', `step ${cmd.stepId} is assigned to ${step.memberId}`, { field: 'memberId' });
  const completed = evt('help-projects.joint-case.step-completed', { caseId: s.caseId, stepId: cmd.stepId, memberId: cmd.memberId, completedOn: on, late: on > step.dueOn, by }, on);
  const open = Object.entries(s.steps).filter(([id, st]) => id !== cmd.stepId && !st.done);
  const memberIds = [...new Set(Object.values(s.steps).map((st) => st.memberId))].sort();
  if (open.length > 0 || memberIds.length < 2) return [completed];
  return [completed, evt('help-projects.joint-case.handled-jointly', { caseId: s.caseId, householdId: s.householdId, on, memberIds }, on)];
}

export function evolveJointCase(s: JointCaseState, e: JointCaseEvent): JointCaseState {
  switch (e.type) {
    case 'help-projects.joint-case.opened':
      return { caseId: e.data.caseId, householdId: e.data.householdId, steps: {}, handledJointlyOn: null };
    case 'help-projects.joint-case.step-assigned':
      return s && { ...s, steps: { ...s.steps, [e.data.stepId]: { memberId: e.data.memberId, dueOn: e.data.dueOn, done: false } } };
    case 'help-projects.joint-case.step-completed': {
      const step = s?.steps[e.data.stepId];
      return s && step ? { ...s, steps: { ...s.steps, [e.data.stepId]: { ...step, done: true } } } : s;
    }
    case 'help-projects.joint-case.handled-jointly':
      return s && { ...s, handledJointlyOn: e.data.on };
  }
}

export const jointCaseDecider: Decider<JointCaseCommand, JointCaseEvent, JointCaseState> = { initialState: null, decide: decideJointCase, evolve: evolveJointCase };
