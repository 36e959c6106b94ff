import type { HelpProjectsEvent } from '@grid/contracts';
import type { Projection } from '@grid/platform';

export const JOINT_CASES = 'help_projects_joint_cases';

export type StepView = { stepId: string; memberId: string; task: string; dueOn: string; completedOn: string | null; late: boolean };
export type JointCaseView = {
  caseId: string;
  householdId: string;
  regionId: string;
  need: string;
  openedOn: string;
  steps: StepView[];
  handledJointlyOn: string | null;
};

/** 救助一件事 joint cases and their steps, from the service's own joint-case events. */
export const jointCasesProjection: Projection<HelpProjectsEvent> = {
  name: 'help-projects.joint-cases',
  collections: [JOINT_CASES],
  handles: ['help-projects.joint-case.opened', 'help-projects.joint-case.step-assigned', 'help-projects.joint-case.step-completed', 'help-projects.joint-case.handled-jointly'],
  async apply(e, ctx) {
    const update = (caseId: string, f: (c: JointCaseView) => JointCaseView) => ctx.update<JointCaseView>(JOINT_CASES, caseId, (c) => c && f(c));
    switch (e.type) {
      case 'help-projects.joint-case.opened': {
        const { caseId, householdId, regionId, need, openedOn } = e.data;
        return ctx.update<JointCaseView>(JOINT_CASES, caseId, () => ({ caseId, householdId, regionId, need, openedOn, steps: [], handledJointlyOn: null }));
      }
      case 'help-projects.joint-case.step-assigned': {
        const { stepId, memberId, task, dueOn } = e.data;
        return update(e.data.caseId, (c) => ({ ...c, steps: [...c.steps, { stepId, memberId, task, dueOn, completedOn: null, late: false }] }));
      }
      case 'help-projects.joint-case.step-completed': {
        const { stepId, completedOn, late } = e.data;
        return update(e.data.caseId, (c) => ({ ...c, steps: c.steps.map((s) => (s.stepId === stepId ? { ...s, completedOn, late } : s)) }));
      }
      case 'help-projects.joint-case.handled-jointly':
        return update(e.data.caseId, (c) => ({ ...c, handledJointlyOn: e.data.on }));
    }
  },
};
