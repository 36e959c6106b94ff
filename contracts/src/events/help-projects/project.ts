import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, EligibilityRuleSchema, EnrolmentEndCauseSchema, Fen, Id, IsoDate, ProjectCategorySchema } from './common';

// Stream `project-<projectId>`: a help project (帮扶项目), its budget, its enrolments and the services delivered.

export const projectPublished = defineEvent({
  type: 'help-projects.project.published',
  schemaVersion: 1,
  description: 'An active member published a help project (发布帮扶项目): category, eligibility rule, capacity, period and unit cost.',
  data: z.object({
    projectId: Id,
    memberId: Id,
    title: z.string().min(1).max(200),
    category: ProjectCategorySchema,
    rule: EligibilityRuleSchema,
    /** Households or persons enrolled at one time at most. */
    capacity: z.int().min(1),
    from: IsoDate,
    until: IsoDate,
    publishedOn: IsoDate,
    by: By,
  }),
});

export const budgetCredited = defineEvent({
  type: 'help-projects.project.budget-credited',
  schemaVersion: 1,
  description: "Money was credited to the project's budget, in fen: a charity allocation (分配) to the project, once per allocation.",
  data: z.object({ projectId: Id, allocationId: Id, amountFen: Fen.min(1), on: IsoDate, by: By }),
});

export const householdEnrolled = defineEvent({
  type: 'help-projects.project.household-enrolled',
  schemaVersion: 1,
  description: 'An eligible household (or one person of it) was enrolled with consent recorded; `basis` names the statuses it qualified by.',
  data: z.object({
    projectId: Id,
    enrolmentId: Id,
    householdId: Id,
    /** The person served; null when the household is (善居工程). */
    personId: Id.nullable(),
    /** Assistance case ids (grid-records) of the statuses that made it eligible. */
    basis: z.array(Id).max(20),
    consent: z.object({
      /** 本人, 监护人 or 户主 gave it. */
      givenBy: z.enum(['self', 'guardian', 'head-of-household']),
      on: IsoDate,
      /** Reference to the signed consent form (知情同意书), never its content. */
      documentRef: z.string().min(1).max(100),
    }),
    on: IsoDate,
    by: By,
  }),
});

export const enrolmentEnded = defineEvent({
  type: 'help-projects.project.enrolment-ended',
  schemaVersion: 1,
  description:
    'An enrolment ended; `endedOn` is the last day served. By rule it names the grid-records event that caused it; a later-learned earlier cause (a death recorded late) ends it again at the earlier day.',
  data: z.object({
    projectId: Id,
    enrolmentId: Id,
    householdId: Id,
    endedOn: IsoDate,
    cause: EnrolmentEndCauseSchema,
    /** The grid-records event id behind it; null for a decision here (withdrawn, project ended). */
    causeEventId: Id.nullable(),
    by: By,
  }),
});

export const serviceRecorded = defineEvent({
  type: 'help-projects.project.service-recorded',
  schemaVersion: 1,
  description: 'A service was delivered (服务记录): to whom, by which member, on which day, how many person-times, at what cost against the budget.',
  data: z.object({
    projectId: Id,
    serviceId: Id,
    enrolmentId: Id,
    householdId: Id,
    personId: Id,
    memberId: Id,
    servedOn: IsoDate,
    personTimes: z.int().min(1).max(1000),
    costFen: Fen,
    by: By,
  }),
});

export const serviceFlagged = defineEvent({
  type: 'help-projects.project.service-flagged',
  schemaVersion: 1,
  description:
    'A recorded service was flagged for review (待核查): a grid-records event learned later says the person had died or the enrolment had ended before the service date.',
  data: z.object({
    projectId: Id,
    serviceId: Id,
    enrolmentId: Id,
    rule: z.enum(['served-after-death', 'served-after-enrolment-end']),
    causeEventId: Id,
    by: By,
  }),
});

export const projectEvents = [projectPublished, budgetCredited, householdEnrolled, enrolmentEnded, serviceRecorded, serviceFlagged];
