import { auditedAggregate, type AuditedAggregate } from '@grid/platform';
import type { Envelope } from '@grid/contracts';
import type { CharityServices } from '../composition';
import { campaignDecider, fundDecider, organisationDecider } from '../domain';
import { campaignStream, fundStream, organisationStream } from './streams';

/** The first event's `field` (the founding event names its organisation or region). */
const first = (events: readonly Envelope[], field: string): string | null => {
  const value = events[0]?.data[field];
  return typeof value === 'string' ? value : null;
};

/** Auditors of the region the organisation is registered in (as CharityAccess decides for officials and auditors). */
const organisationRegion = async (services: CharityServices, organisationId: string | null): Promise<string | null> =>
  organisationId === null ? null : ((await services.lookup.organisation(organisationId))?.regionId ?? null);

/** The aggregates auditors may ask about as of a date (docs/audit.md, "As-of across services"); donors are persons, not asked about. */
export const charityAudited: readonly AuditedAggregate<CharityServices>[] = [
  auditedAggregate({
    name: 'organisations',
    summary: { zh: '慈善组织', en: 'A charitable organisation' },
    stream: organisationStream,
    decider: organisationDecider,
    regionOf: (events) => first(events, 'regionId'),
  }),
  auditedAggregate({
    name: 'campaigns',
    summary: { zh: '募捐活动', en: 'A fundraising campaign' },
    stream: campaignStream,
    decider: campaignDecider,
    regionOf: (events, services) => organisationRegion(services, first(events, 'organisationId')),
  }),
  auditedAggregate({
    name: 'funds',
    summary: { zh: '慈善基金', en: 'A charitable fund' },
    stream: fundStream,
    decider: fundDecider,
    regionOf: (events, services) => organisationRegion(services, first(events, 'organisationId')),
  }),
];
