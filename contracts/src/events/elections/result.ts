import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate, PostSchema, RuleRefSchema } from './common';

const Count = z.int().min(0);
/** How a post is voted in a round: 第一次投票, 另行选举 for unfilled seats, or a further vote between candidates tied at the last seat. */
export const VoteKindSchema = z.enum(['first', 'further', 'tie']);

export const roundDeclared = defineEvent({
  type: 'elections.election.round-declared',
  schemaVersion: 1,
  description:
    'The result of a round, announced on the day (当场公布, Art 15): whether it was valid, and per post each candidate’s votes ' +
    'and outcome, each naming the rule and article that decided it.',
  data: z.object({
    round: z.int().min(1),
    on: IsoDate,
    registered: Count,
    ballotsCast: Count,
    valid: z.boolean(),
    rule: RuleRefSchema,
    posts: z.array(
      z.object({
        post: PostSchema,
        kind: VoteKindSchema,
        seats: Count,
        results: z.array(z.object({ candidateId: Id, votes: Count, outcome: z.enum(['elected', 'not-elected', 'tied']), rule: RuleRefSchema })),
        unfilled: Count,
      }),
    ),
    by: By,
  }),
});

export const roundCalled = defineEvent({
  type: 'elections.election.round-called',
  schemaVersion: 1,
  description: 'Another round was called for unfilled seats (另行选举: the unelected with most votes) or between tied candidates.',
  data: z.object({
    round: z.int().min(2),
    posts: z.array(z.object({ post: PostSchema, kind: VoteKindSchema, seats: z.int().min(1), candidateIds: z.array(Id).min(1) })).min(1),
    on: IsoDate,
    rule: RuleRefSchema,
    by: By,
  }),
});

export const electionConcluded = defineEvent({
  type: 'elections.election.concluded',
  schemaVersion: 1,
  description: 'The election is over: every seat filled (or left vacant after the further round), or failed because not enough voters voted.',
  data: z.object({
    on: IsoDate,
    outcome: z.enum(['elected', 'failed']),
    elected: z.array(z.object({ post: PostSchema, candidateId: Id, round: z.int().min(1) })),
    /** Seats still unfilled after the further round (暂缺). */
    vacancies: z.array(z.object({ post: PostSchema, seats: z.int().min(1) })),
    rule: RuleRefSchema,
    by: By,
  }),
});

export const resultEvents = [roundDeclared, roundCalled, electionConcluded];
