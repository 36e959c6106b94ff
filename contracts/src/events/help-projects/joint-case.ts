import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate } from './common';

// Stream `jointcase-<caseId>`: one 救助一件事 case, a household need that several members handle together.

/** What the household needs, as a code; details stay with the members' own files. */
export const JointNeedSchema = z.enum(['medical', 'housing', 'education', 'employment', 'care', 'income', 'disability', 'funeral', 'other']);

export const jointCaseOpened = defineEvent({
  type: 'help-projects.joint-case.opened',
  schemaVersion: 1,
  description: 'A 救助一件事 joint case was opened for a household need that needs several members (departments, organisations).',
  data: z.object({ caseId: Id, householdId: Id, regionId: Id, need: JointNeedSchema, openedOn: IsoDate, by: By }),
});

export const jointStepAssigned = defineEvent({
  type: 'help-projects.joint-case.step-assigned',
  schemaVersion: 1,
  description: 'A step of the case was assigned to a member, due by a date.',
  data: z.object({ caseId: Id, stepId: Id, memberId: Id, task: z.string().min(1).max(200), dueOn: IsoDate, on: IsoDate, by: By }),
});

export const jointStepCompleted = defineEvent({
  type: 'help-projects.joint-case.step-completed',
  schemaVersion: 1,
  description: 'The member assigned to a step completed it; `late` when after its due date.',
  data: z.object({ caseId: Id, stepId: Id, memberId: Id, completedOn: IsoDate, late: z.boolean(), by: By }),
});

export const jointCaseHandledJointly = defineEvent({
  type: 'help-projects.joint-case.handled-jointly',
  schemaVersion: 1,
  description: 'Every step of the case is done, by at least two members: the case counts as handled jointly (惠民联办).',
  data: z.object({ caseId: Id, householdId: Id, on: IsoDate, memberIds: z.array(Id).min(2) }),
});

export const jointCaseEvents = [jointCaseOpened, jointStepAssigned, jointStepCompleted, jointCaseHandledJointly];
