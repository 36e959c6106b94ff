import { refused } from '@grid/platform/decider';
import type { Enrolment, Project, ProjectState } from './types';

export function published(s: ProjectState): Project {
  if (s === null) throw refused('no-project', 'no help project with this id has been published');
  return s;
}

export function enrolmentOf(p: Project, enrolmentId: string): Enrolment {
  const e = p.enrolments[enrolmentId];
  if (!e) throw refused('no-enrolment', `no enrolment ${enrolmentId} in project ${p.projectId}`, { field: 'enrolmentId' });
  return e;
}

/** Enrolled and not ended before `day`. */
export const activeOn = (e: Enrolment, day: string): boolean => e.on <= day && (e.end === null || e.end.endedOn >= day);
