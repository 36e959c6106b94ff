import { refused } from '@grid/platform/decider';
import { activeMember } from '../consortium/member';
import { evt } from '../events';
import { published } from './guards';
import type { ProjectCommand, ProjectEvent, ProjectState } from './types';

type Cmd<T extends ProjectCommand['type']> = Extract<ProjectCommand, { type: T }>;

export function publish(cmd: Cmd<'publish'>, s: ProjectState): ProjectEvent[] {
  if (s !== null) throw refused('project-exists', `project ${s.projectId} was published already`, { field: 'projectId' });
  const member = activeMember(cmd.member);
  if (cmd.from > cmd.until) throw refused('period-reversed', `the period starts ${cmd.from}, after it ends ${cmd.until}`, { field: 'until' });
  const { minAge, maxAge } = cmd.rule;
  if (minAge !== undefined && maxAge !== undefined && minAge > maxAge) throw refused('age-range-reversed', `minAge ${minAge} > maxAge ${maxAge}`, { field: 'rule.maxAge' });
  const { projectId, title, category, rule, capacity, from, until, on, by } = cmd;
  return [evt('help-projects.project.published', { projectId, memberId: member.memberId, title, category, rule, capacity, from, until, publishedOn: on, by }, on)];
}

/** Once per allocation: a redelivered allocation event credits nothing more. */
export function creditBudget(cmd: Cmd<'credit-budget'>, s: ProjectState): ProjectEvent[] {
  const p = published(s);
  if (cmd.allocationId in p.allocations) {
    if (p.allocations[cmd.allocationId] !== cmd.amountFen) throw refused('allocation-differs', `allocation ${cmd.allocationId} was credited with another amount`, { field: 'amountFen' });
    return [];
  }
  if (!Number.isInteger(cmd.amountFen) || cmd.amountFen <= 0) throw refused('amount-not-positive', 'a budget credit is a positive number of fen', { field: 'amountFen' });
  const { allocationId, amountFen, on, by } = cmd;
  return [evt('help-projects.project.budget-credited', { projectId: p.projectId, allocationId, amountFen, on, by }, on)];
}
