import type { Category } from './topics';

/**
 * The stream categories each event family (`<service>.<aggregate>` of its type) is appended to, and so the
 * topics it is published on (topics.ts). Empty for events a service keeps to itself (never relayed).
 * A service adds its families here when it registers its events.
 */
export const EVENT_STREAMS: Record<string, readonly Category[]> = {
  'platform.probe': ['test', 'bench'],
  /** `anchors-log`: signed checkpoints of the log, published by hand (`gridctl anchor show`), not relayed. */
  'platform.anchor': [],
  /** `auditlog-<service>-<YYYY-MM-DD>`: audit queries asked of elections, charity, help-projects; not relayed. */
  'platform.audit': [],
  /** `masterkeys-log`: replacements of the personal-data master key (`gridctl keys rotate-master`); not relayed. */
  'platform.personal-data': [],
  'grid-records.region': ['region'],
  'grid-records.grid': ['grid'],
  'grid-records.household': ['household'],
  /** A resident's life events and visits are facts of the household (户) the resident belongs to. */
  'grid-records.resident': ['household'],
  'grid-records.visit': ['household'],
  'grid-records.assistance': ['assistance'],
  /** Filed on the relative's own `person-<id>` stream. */
  'grid-records.official-relative': ['person'],
  /** `identity-<idHash>`: grid-records' own uniqueness claims of 身份证 numbers. */
  'grid-records.identity': [],
  /** `audit-<YYYY-MM-DD>`: the audit queries asked (who asked what, when), kept by grid-records, not relayed. */
  'grid-records.audit': [],
  /** One election per `election-<electionId>` stream, from its call to its result and recall. */
  'elections.election': ['election'],
  /** One 助联体 member per `consortium-<memberId>` stream, with the benefit lists it delivered. */
  'help-projects.consortium': ['consortium'],
  /** One help project per `project-<projectId>` stream: budget, enrolments, services. */
  'help-projects.project': ['project'],
  /** One 救助一件事 case per `jointcase-<caseId>` stream. */
  'help-projects.joint-case': ['jointcase'],
  /** A charitable organisation and its public-fundraising qualification. */
  'charity.organisation': ['organisation'],
  'charity.donor': ['donor'],
  /** One campaign per stream: launch, pledges, donations received, disclosures. */
  'charity.campaign': ['campaign'],
  /** `receipts-<organisationId>-<year>`: the organisation-year's receipt book, which numbers receipts without gaps. */
  'charity.receipt': ['receipts'],
  /** One fund's double-entry ledger per stream. */
  'charity.fund': ['fund'],
  /** services/_template's example (never deployed). */
  'template.notice': ['notice'],
};

/** `grid-records.resident.died` → `grid-records.resident`. */
export const eventFamilyOf = (type: string): string => type.slice(0, type.lastIndexOf('.'));

/** The categories whose streams hold events of `type`; throws for a family nobody declared. */
export function streamCategoriesOf(type: string): readonly Category[] {
  const categories = EVENT_STREAMS[eventFamilyOf(type)];
  if (!categories) throw new Error(`${type}: declare its family's stream categories in contracts/src/event-streams.ts`);
  return categories;
}
