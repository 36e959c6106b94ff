import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate, PostSchema, RuleRefSchema } from './common';

export const candidateNominated = defineEvent({
  type: 'elections.election.candidate-nominated',
  schemaVersion: 1,
  description: 'A voter on the roll was nominated for a post (Art 15), jointly or by themselves. Only the number of supporters is kept.',
  data: z.object({
    candidateId: Id,
    post: PostSchema,
    nomination: z.enum(['joint', 'self']),
    supporters: z.int().min(1),
    on: IsoDate,
    by: By,
  }),
});

export const candidatesPublished = defineEvent({
  type: 'elections.election.candidates-published',
  schemaVersion: 1,
  description: 'The formal candidate list (正式候选人) was published: more candidates than seats for every post (差额, Art 15).',
  data: z.object({
    on: IsoDate,
    posts: z.array(z.object({ post: PostSchema, seats: z.int().min(1), candidateIds: z.array(Id).min(2) })).min(1),
    rule: RuleRefSchema,
    by: By,
  }),
});

export const candidateEvents = [candidateNominated, candidatesPublished];
