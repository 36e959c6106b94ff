import { z } from 'zod';
import { SealedSchema } from '../../personal-data';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate } from './common';

/** What a visitor found, as codes a process can act on; anything personal goes in the sealed note. */
export const VISIT_FINDINGS = [
  'all-well',
  'needs-help',
  'health-declined',
  'not-at-home',
  'living-conditions-changed',
  'death-reported',
  'moved-away-reported',
] as const;

/** Stream `household-<householdId>`: visits are part of the household's history. */
export const visitRecorded = defineEvent({
  type: 'grid-records.visit.recorded',
  schemaVersion: 1,
  description: 'A visit (走访/探访关爱) to a household was recorded: who visited whom, when, and what they found.',
  data: z.object({
    visitId: Id,
    householdId: Id,
    /** The members seen; empty when nobody was met. */
    personIds: z.array(Id),
    visitedOn: IsoDate,
    kind: z.enum(['routine', 'care', 'follow-up']),
    findings: z.array(z.enum(VISIT_FINDINGS)).min(1),
    note: SealedSchema.optional(),
    by: By,
  }),
});

export const visitEvents = [visitRecorded];
