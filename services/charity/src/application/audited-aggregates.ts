import { auditedAggregate, foundingField, type AuditedAggregate } from '@grid/platform';
import type { CharityServices } from '../composition';
import { campaignDecider, fundDecider, organisationDecider } from '../domain';
import { campaignStream, fundStream, organisationStream } from './streams';

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
    regionOf: (events) => foundingField(events, 'regionId'),
  }),
  auditedAggregate({
    name: 'campaigns',
    summary: { zh: '募捐活动', en: 'A fundraising campaign' },
    stream: campaignStream,
    decider: campaignDecider,
    regionOf: (events, services) => organisationRegion(services, foundingField(events, 'organisationId')),
  }),
  auditedAggregate({
    name: 'funds',
    summary: { zh: '慈善基金', en: 'A charitable fund' },
    stream: fundStream,
    decider: fundDecider,
    regionOf: (events, services) => organisationRegion(services, foundingField(events, 'organisationId')),
  }),
];
