import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate, RuleRefSchema } from './common';

const Count = z.int().min(0);

export const recallRequested = defineEvent({
  type: 'elections.election.recall-requested',
  schemaVersion: 1,
  description:
    'A recall (罢免) of an elected member was requested with reasons by at least 1/5 of the voters or 1/3 of the representatives (Art 16). ' +
    'Only the number of signatures is kept.',
  data: z.object({
    recallId: Id,
    memberId: Id,
    petition: z.discriminatedUnion('by', [
      z.object({ by: z.literal('voters'), signatures: Count, of: Count }),
      z.object({ by: z.literal('representatives'), signatures: Count, of: Count }),
    ]),
    reasons: z.string().min(1).max(2000),
    on: IsoDate,
    rule: RuleRefSchema,
    by: By,
  }),
});

export const recallDefenceHeard = defineEvent({
  type: 'elections.election.recall-defence-heard',
  schemaVersion: 1,
  description: 'The member whose recall is requested gave their defence (申辩意见, Art 16).',
  data: z.object({ recallId: Id, on: IsoDate, statementRef: z.string().min(1).max(200), by: By }),
});

export const recallVoted = defineEvent({
  type: 'elections.election.recall-voted',
  schemaVersion: 1,
  description: 'The recall vote: valid when more than half of registered voters voted, passed with more than half of those voting (Art 16).',
  data: z.object({
    recallId: Id,
    on: IsoDate,
    registered: Count,
    ballotsCast: Count,
    yes: Count,
    no: Count,
    invalid: Count,
    valid: z.boolean(),
    passed: z.boolean(),
    rule: RuleRefSchema,
    by: By,
  }),
});

export const recallEvents = [recallRequested, recallDefenceHeard, recallVoted];
