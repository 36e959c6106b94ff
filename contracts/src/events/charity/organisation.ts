import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate } from './common';

// Stream `organisation-<organisationId>`: a charitable organisation (慈善组织) and its public-fundraising qualification.

/** 基金会, 社会团体 (e.g. 区慈善总会), 社会服务机构. */
export const OrganisationFormSchema = z.enum(['foundation', 'social-organisation', 'social-service-agency']);

export const organisationRegistered = defineEvent({
  type: 'charity.organisation.registered',
  schemaVersion: 1,
  description: 'A charitable organisation (慈善组织, e.g. 区慈善总会) was registered with the charity service. Its name and credit code are public, not personal data.',
  data: z.object({
    organisationId: Id,
    name: z.string().min(1).max(200),
    form: OrganisationFormSchema,
    /** 统一社会信用代码. */
    creditCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/),
    /** The district or street it is registered in (a grid-records region id). */
    regionId: Id,
    registeredOn: IsoDate,
    on: IsoDate,
    by: By,
  }),
});

export const qualificationGranted = defineEvent({
  type: 'charity.organisation.qualification-granted',
  schemaVersion: 1,
  description: 'The civil-affairs bureau granted the public-fundraising qualification (公开募捐资格证书); only a qualified organisation runs a public campaign.',
  data: z.object({ certificateRef: z.string().min(1).max(100), validFrom: IsoDate, validTo: IsoDate.nullable(), on: IsoDate, by: By }),
});

export const qualificationRevoked = defineEvent({
  type: 'charity.organisation.qualification-revoked',
  schemaVersion: 1,
  description: 'The public-fundraising qualification was revoked (吊销) or lapsed.',
  data: z.object({ certificateRef: z.string().min(1).max(100), reason: z.string().min(1).max(500), on: IsoDate, by: By }),
});

export const organisationEvents = [organisationRegistered, qualificationGranted, qualificationRevoked];
