import type { ProjectEvent, ProjectState } from './types';

export const initialProject: ProjectState = null;

export function evolveProject(s: ProjectState, e: ProjectEvent): ProjectState {
  if (e.type === 'help-projects.project.published') {
    const { projectId, memberId, category, rule, capacity, from, until } = e.data;
    return { projectId, memberId, category, rule, capacity, from, until, creditedFen: 0, spentFen: 0, allocations: {}, enrolments: {}, services: {} };
  }
  if (s === null) return s;
  switch (e.type) {
    case 'help-projects.project.budget-credited':
      return { ...s, creditedFen: s.creditedFen + e.data.amountFen, allocations: { ...s.allocations, [e.data.allocationId]: e.data.amountFen } };
    case 'help-projects.project.household-enrolled': {
      const { enrolmentId, householdId, personId, basis, on } = e.data;
      return { ...s, enrolments: { ...s.enrolments, [enrolmentId]: { enrolmentId, householdId, personId, basis, on, end: null } } };
    }
    case 'help-projects.project.enrolment-ended': {
      const { enrolmentId, endedOn, cause, causeEventId } = e.data;
      const enrolment = s.enrolments[enrolmentId];
      return enrolment ? { ...s, enrolments: { ...s.enrolments, [enrolmentId]: { ...enrolment, end: { endedOn, cause, causeEventId } } } } : s;
    }
    case 'help-projects.project.service-recorded': {
      const { serviceId, enrolmentId, personId, memberId, servedOn, personTimes, costFen } = e.data;
      const record = { serviceId, enrolmentId, personId, memberId, servedOn, personTimes, costFen, flaggedBy: null };
      return { ...s, spentFen: s.spentFen + costFen, services: { ...s.services, [serviceId]: record } };
    }
    case 'help-projects.project.service-flagged': {
      const record = s.services[e.data.serviceId];
      return record ? { ...s, services: { ...s.services, [e.data.serviceId]: { ...record, flaggedBy: e.data.causeEventId } } } : s;
    }
  }
}
