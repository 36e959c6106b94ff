import { selectEvents, type EventUnion, type TypedEnvelope } from '../../typed-events';
import { assistanceEvents } from './assistance';
import { auditEvents } from './audit';
import { civicStandingEvents } from './civic-standing';
import { householdEvents } from './household';
import { identityEvents } from './identity';
import { officialRelativeEvents } from './official-relative';
import { regionEvents } from './region';
import { visitEvents } from './visit';

export * from './region';
export * from './household';
export * from './identity';
export * from './assistance';
export * from './visit';
export * from './official-relative';
export * from './audit';
export * from './civic-standing';
export {
  PROGRAM_CODES,
  ProgramSchema,
  REGION_LEVELS,
  RegionLevelSchema,
  RegionKindSchema,
  RegistrationSchema,
  LivingClassSchema,
  SupportModeSchema,
  CareLevelSchema,
  DisabilityKindSchema,
  DisabilityGradeSchema,
  EndCauseSchema,
  RelationSchema,
  MemberSchema,
  MemberSchemaV1,
  type ProgramCode,
  type RegionLevel,
  type Registration,
  type LivingClass,
  type Member,
} from './common';

/** Every grid-records event type (service `grid-records`, streams region-, grid-, household-, person-, assistance-, identity-). */
export const gridRecordsEvents = [
  ...regionEvents,
  ...householdEvents,
  ...civicStandingEvents,
  ...assistanceEvents,
  ...visitEvents,
  ...officialRelativeEvents,
  ...identityEvents,
  ...auditEvents,
];

/** Every grid-records event as readers see it (newest versions), discriminated on `type`. */
export type GridRecordsEvent = EventUnion<typeof gridRecordsEvents>;
export type GridRecordsEventType = GridRecordsEvent['type'];
export type GridRecordsEnvelope = TypedEnvelope<GridRecordsEvent>;
/** Narrows a read envelope to grid-records' events (by its type name: see EventSelection). */
export const isGridRecordsEvent = selectEvents(gridRecordsEvents).is;
