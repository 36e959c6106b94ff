import { z } from 'zod';
import { IdHashSchema, SealedSchema } from '../../personal-data';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate } from './common';

/** Stream `person-<personId>`: filings about a person that outlive any one household. */
export const officialRelativeRegistered = defineEvent({
  type: 'grid-records.official-relative.registered',
  schemaVersion: 1,
  description:
    'A resident was registered as a close relative of an official or caseworker (近亲属备案, seed 002): their assistance cases need district approval.',
  data: z.object({
    registrationId: Id,
    personId: Id,
    idHash: IdHashSchema,
    relation: z.enum(['spouse', 'parent', 'child', 'sibling', 'parent-in-law', 'child-in-law', 'grandparent', 'grandchild']),
    official: z.object({
      name: SealedSchema,
      idHash: IdHashSchema,
      position: z.string().min(1).max(200),
      unit: z.string().min(1).max(200),
    }),
    on: IsoDate,
    by: By,
  }),
});

export const officialRelativeEvents = [officialRelativeRegistered];
