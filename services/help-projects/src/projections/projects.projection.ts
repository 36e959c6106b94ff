import type { EligibilityRule, EnrolmentEndCause, HelpProjectsEvent, ProjectCategory } from '@grid/contracts';
import type { Projection } from '@grid/platform';

export const PROJECTS = 'help_projects_projects';
export const ENROLMENTS = 'help_projects_enrolments';
export const SERVICES_DELIVERED = 'help_projects_services';

export type ProjectView = {
  projectId: string;
  memberId: string;
  title: string;
  category: ProjectCategory;
  rule: EligibilityRule;
  capacity: number;
  from: string;
  until: string;
  creditedFen: number;
  spentFen: number;
  /** charity allocation ids credited (分配 → budget). */
  allocations: string[];
};

export type EnrolmentView = {
  enrolmentId: string;
  projectId: string;
  householdId: string;
  personId: string | null;
  basis: string[];
  on: string;
  consent: { givenBy: string; on: string; documentRef: string };
  end: { endedOn: string; cause: EnrolmentEndCause; causeEventId: string | null } | null;
};

export type ServiceView = {
  serviceId: string;
  projectId: string;
  enrolmentId: string;
  householdId: string;
  personId: string;
  memberId: string;
  servedOn: string;
  personTimes: number;
  costFen: number;
  /** 待核查: the rule and the grid-records event that flagged it for review. */
  flagged: { rule: string; causeEventId: string } | null;
};

/** Projects, their enrolments and the services delivered, from the service's own project events. */
export const projectsProjection: Projection<HelpProjectsEvent> = {
  name: 'help-projects.projects',
  collections: [PROJECTS, ENROLMENTS, SERVICES_DELIVERED],
  handles: [
    'help-projects.project.published',
    'help-projects.project.budget-credited',
    'help-projects.project.household-enrolled',
    'help-projects.project.enrolment-ended',
    'help-projects.project.service-recorded',
    'help-projects.project.service-flagged',
  ],
  indexes: [
    { collection: ENROLMENTS, spec: { fields: ['householdId'] } },
    { collection: ENROLMENTS, spec: { fields: ['projectId'] } },
    { collection: SERVICES_DELIVERED, spec: { fields: ['enrolmentId'] } },
  ],
  async apply(e, ctx) {
    switch (e.type) {
      case 'help-projects.project.published': {
        const { projectId, memberId, title, category, rule, capacity, from, until } = e.data;
        return ctx.update<ProjectView>(PROJECTS, projectId, () => ({ projectId, memberId, title, category, rule, capacity, from, until, creditedFen: 0, spentFen: 0, allocations: [] }));
      }
      case 'help-projects.project.budget-credited': {
        const { projectId, allocationId, amountFen } = e.data;
        return ctx.update<ProjectView>(PROJECTS, projectId, (p) => p && { ...p, creditedFen: p.creditedFen + amountFen, allocations: [...p.allocations, allocationId] });
      }
      case 'help-projects.project.household-enrolled': {
        const { enrolmentId, projectId, householdId, personId, basis, on, consent } = e.data;
        return ctx.update<EnrolmentView>(ENROLMENTS, enrolmentId, () => ({ enrolmentId, projectId, householdId, personId, basis, on, consent, end: null }));
      }
      case 'help-projects.project.enrolment-ended': {
        const { enrolmentId, endedOn, cause, causeEventId } = e.data;
        return ctx.update<EnrolmentView>(ENROLMENTS, enrolmentId, (en) => en && { ...en, end: { endedOn, cause, causeEventId } });
      }
      case 'help-projects.project.service-recorded': {
        const { serviceId, projectId, enrolmentId, householdId, personId, memberId, servedOn, personTimes, costFen } = e.data;
        await ctx.update<ProjectView>(PROJECTS, projectId, (p) => p && { ...p, spentFen: p.spentFen + costFen });
        return ctx.update<ServiceView>(SERVICES_DELIVERED, serviceId, () => ({ serviceId, projectId, enrolmentId, householdId, personId, memberId, servedOn, personTimes, costFen, flagged: null }));
      }
      case 'help-projects.project.service-flagged': {
        const { serviceId, rule, causeEventId } = e.data;
        return ctx.update<ServiceView>(SERVICES_DELIVERED, serviceId, (s) => s && { ...s, flagged: { rule, causeEventId } });
      }
    }
  },
};
