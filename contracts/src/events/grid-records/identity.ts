import { z } from 'zod';
import { IdHashSchema } from '../../personal-data';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate } from './common';

/**
 * Stream `identity-<idHash>`: the reservation of one 身份证 number (by its reference, vault idRef) for one household of the
 * district (户籍 uniqueness, one person, one household). Appended with an expected revision before the household's
 * own event, so of two registrations of the same person racing, exactly one gets the claim. Internal to
 * grid-records: no topic, not relayed; the household events remain what other services read.
 */
const Holder = z.object({ householdId: Id, personId: Id });

export const identityClaimed = defineEvent({
  type: 'grid-records.identity.claimed',
  schemaVersion: 1,
  description:
    'An ID number was reserved for a person of a household (登记/新增成员/更正身份证号), before the household records the person.',
  data: z.object({
    idHash: IdHashSchema,
    householdId: Id,
    personId: Id,
    /** A claim that had stopped binding (its household never recorded the person, or no longer holds them), taken over. */
    replaces: Holder.nullable(),
    on: IsoDate,
    by: By,
  }),
});

export const identityReleased = defineEvent({
  type: 'grid-records.identity.released',
  schemaVersion: 1,
  description:
    'The household no longer holds the person (left the household, moved out of the district, ID number corrected, registration failed).',
  data: z.object({
    idHash: IdHashSchema,
    householdId: Id,
    personId: Id,
    cause: z.enum(['member-removed', 'moved-out', 'id-corrected', 'not-recorded']),
    on: IsoDate,
    by: By,
  }),
});

export const identityEvents = [identityClaimed, identityReleased];
