import { consortiumEvents } from './consortium';
import { jointCaseEvents } from './joint-case';
import { projectEvents } from './project';
import { selectEvents, type EventUnion, type TypedEnvelope } from '../../typed-events';

export * from './consortium';
export * from './project';
export * from './joint-case';
export {
  CONSORTIUM_LEVELS,
  ConsortiumLevelSchema,
  MemberKindSchema,
  PROJECT_CATEGORIES,
  ProjectCategorySchema,
  EligibilityRuleSchema,
  EnrolmentEndCauseSchema,
  type ConsortiumLevel,
  type MemberKind,
  type ProjectCategory,
  type EligibilityRule,
  type EnrolmentEndCause,
} from './common';

/** Every help-projects event type (service `help-projects`, streams consortium-, project-, jointcase-; topics help-projects.*.v1). */
export const helpProjectsEvents = [...consortiumEvents, ...projectEvents, ...jointCaseEvents];

/** Every help-projects event as readers see it (newest versions), discriminated on `type`. */
export type HelpProjectsEvent = EventUnion<typeof helpProjectsEvents>;
export type HelpProjectsEnvelope = TypedEnvelope<HelpProjectsEvent>;
/** Narrows a read envelope to help-projects' events (by its type name: see EventSelection). */
export const isHelpProjectsEvent = selectEvents(helpProjectsEvents).is;
