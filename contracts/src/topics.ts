import { categoryOf } from './envelope';

/** Which service owns (and alone writes) each stream category (docs/architecture.md, Services). */
export const CATEGORY_OWNERS = {
  region: 'grid-records',
  grid: 'grid-records',
  household: 'grid-records',
  person: 'grid-records',
  /** One assistance case (申请 → status → end) per stream. */
  assistance: 'grid-records',
  election: 'elections',
  /** 慈善组织 registered with the charity service (区慈善总会 and others). */
  organisation: 'charity',
  donor: 'charity',
  campaign: 'charity',
  /** An organisation-year's book of donation receipts (捐赠票据). */
  receipts: 'charity',
  fund: 'charity',
  consortium: 'help-projects',
  project: 'help-projects',
  /** 救助一件事 joint cases; no dash in a category: a stream's category is what stands before its first dash (KurrentDB's too). */
  jointcase: 'help-projects',
  /** services/_template's example aggregate (a copy names its own). */
  notice: 'template',
  /** Streams of the platform's own tests and benchmarks. */
  test: 'platform',
  bench: 'platform',
} as const satisfies Record<string, string>;

export type Category = keyof typeof CATEGORY_OWNERS;

/**
 * Categories a service writes but does not publish, each with the reason: no topic, not relayed.
 */
export const UNPUBLISHED_CATEGORIES = {
  identity:
    'grid-records: the reservation of one 身份证 number for one household (`identity-<idHash>`, one person, one household) is ' +
    'a concurrency device, not a fact of the district: a claim is taken over or released when a registration failed ' +
    '(`not-recorded`) or never reached its household. What subscribers need (who joined, left, died, moved out, with the ' +
    'same keyed hash) is in the household events; a topic keyed by idHash would only add a per-person key to the bus.',
  audit:
    'grid-records: the record of audit queries (`audit-<YYYY-MM-DD>`: who asked which question about which household or ' +
    'region, when) is the auditors\' own accountability trail, for the bureau and the 纪委 reading the log, not a fact ' +
    'other services act on.',
  auditlog:
    'every service: the as-of questions asked about its aggregates (`auditlog-<service>-<YYYY-MM-DD>`, event ' +
    '`platform.audit.query-recorded`), the same accountability trail as grid-records\' `audit-` streams.',
} as const satisfies Record<string, string>;
export type ServiceName = (typeof CATEGORY_OWNERS)[Category];

/** Major version of the published topics; bump on a breaking contract change, run both during migration. */
export const TOPIC_MAJOR = 1;

/** One Kafka topic per service category: `<service>.<category>.v<major>`; the message key is the streamId. */
export function topicForCategory(category: string, major = TOPIC_MAJOR): string {
  const owner = (CATEGORY_OWNERS as Record<string, string>)[category];
  if (!owner) throw new Error(`unknown stream category "${category}"`);
  return `${owner}.${category}.v${major}`;
}

export function topicForStream(streamId: string, major = TOPIC_MAJOR): string {
  return topicForCategory(categoryOf(streamId), major);
}

/** Dead-letter topic of a topic: where a message goes after its bounded retries. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;
