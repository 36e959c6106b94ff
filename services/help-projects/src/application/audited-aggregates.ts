import { auditedAggregate, foundingField, type AuditedAggregate } from '@grid/platform';
import type { HelpProjectsServices } from '../composition';
import { jointCaseDecider, memberDecider, projectDecider } from '../domain';
import { jointCaseStream } from './joint-case-commands';
import { memberStream } from './member-commands';
import { projectStream } from './project-commands';

/** The aggregates auditors may ask about as of a date (docs/audit.md, "As-of across services"). */
export const helpProjectsAudited: readonly AuditedAggregate<HelpProjectsServices>[] = [
  auditedAggregate({
    name: 'members',
    summary: { zh: '助联体成员', en: 'A consortium member' },
    stream: memberStream,
    decider: memberDecider,
    regionOf: (events) => foundingField(events, 'regionId'),
  }),
  auditedAggregate({
    name: 'projects',
    summary: { zh: '帮扶项目', en: 'A help project' },
    stream: projectStream,
    decider: projectDecider,
    // A project is in its member's region (as Access decides for a project).
    // An enrolment ends by rule when grid-records' event arrives; it took effect on its `endedOn` (a death's day).
    effectiveOn: (e) => (e.type === 'help-projects.project.enrolment-ended' ? String(e.data.endedOn) : e.occurredAt.slice(0, 10)),
    regionOf: async (events, services) => {
      const memberId = foundingField(events, 'memberId');
      return memberId === null ? null : ((await services.lookups.member(memberId))?.regionId ?? null);
    },
  }),
  auditedAggregate({
    name: 'joint-cases',
    summary: { zh: '救助一件事', en: 'A joint case' },
    stream: jointCaseStream,
    decider: jointCaseDecider,
    regionOf: (events) => foundingField(events, 'regionId'),
  }),
];
