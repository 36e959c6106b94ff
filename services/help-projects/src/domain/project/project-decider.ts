import type { Decider } from '@grid/platform/decider';
import { applyHouseholdFacts, enrol, withdraw } from './decide-enrolment';
import { creditBudget, publish } from './decide-project';
import { recordService } from './decide-service';
import { evolveProject, initialProject } from './evolve-project';
import type { ProjectCommand, ProjectEvent, ProjectState } from './types';

/** One help project, stream `project-<projectId>`: publication, budget, enrolments, services. */
export function decideProject(cmd: ProjectCommand, s: ProjectState): ProjectEvent[] {
  switch (cmd.type) {
    case 'publish':
      return publish(cmd, s);
    case 'credit-budget':
      return creditBudget(cmd, s);
    case 'enrol':
      return enrol(cmd, s);
    case 'withdraw':
      return withdraw(cmd, s);
    case 'apply-household-facts':
      return applyHouseholdFacts(cmd, s);
    case 'record-service':
      return recordService(cmd, s);
  }
}

export const projectDecider: Decider<ProjectCommand, ProjectEvent, ProjectState> = { initialState: initialProject, decide: decideProject, evolve: evolveProject };
