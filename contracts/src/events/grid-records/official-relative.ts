import { z } from 'zod';
import { IdHashSchema, SealedSchema } from '../../personal-data';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate } from './common';

/** 近亲属: the close relations a filing names (配偶, 父母, 子女, 兄弟姐妹, 岳父母/公婆, 儿媳/女婿, 祖父母/外祖父母, 孙子女/外孙子女). */
export const OfficialRelationSchema = z.enum([
  'spouse',
  'parent',
  'child',
  'sibling',
  'parent-in-law',
  'child-in-law',
  'grandparent',
  'grandchild',
]);

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
    relation: OfficialRelationSchema,
    official: z.object({
      /**
       * Whose key seals the official's name and ID number (the registered resident's id when the official is one):
       * readers find it as for any sealed field, the nearest `personId`. Absent: the relative's key (filings
       * written before the route of issue #4).
       */
      personId: Id.optional(),
      name: SealedSchema,
      idNumber: SealedSchema.optional(),
      idHash: IdHashSchema,
      /** 职务 · 单位 */
      position: z.string().min(1).max(200),
      unit: z.string().min(1).max(200),
    }),
    /** Free text, sealed under the relative's key (it may name people). */
    note: SealedSchema.optional(),
    on: IsoDate,
    by: By,
  }),
});

export const officialRelativeWithdrawn = defineEvent({
  type: 'grid-records.official-relative.withdrawn',
  schemaVersion: 1,
  description:
    'A 近亲属备案 filing was withdrawn from `on` (the official left office, the relation ended, or it was filed in error): ' +
    'applications made afterwards are no longer flagged; cases flagged before keep their flag and history.',
  data: z.object({
    registrationId: Id,
    personId: Id,
    cause: z.enum(['left-office', 'relation-ended', 'filed-in-error']),
    reason: z.string().min(1).max(500),
    on: IsoDate,
    by: By,
  }),
});

export const officialRelativeEvents = [officialRelativeRegistered, officialRelativeWithdrawn];
