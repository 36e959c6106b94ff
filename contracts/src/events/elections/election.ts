import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, CommitteeKindSchema, Id, IsoDate, PostSchema, RuleRefSchema, RuleSetSchema, StationKindSchema } from './common';

// Stream `election-<electionId>`: one election of one committee for one term, from its call to its result.

export const electionCreated = defineEvent({
  type: 'elections.election.created',
  schemaVersion: 1,
  description: 'An election (换届选举) was called: committee kind, community or village, term, seats per post, voting day, stations and the rule set.',
  data: z.object({
    electionId: Id,
    kind: CommitteeKindSchema,
    /** The community or village: a grid-records region id. */
    regionId: Id,
    /** 届: seed 002 calls the 11th villagers' and the 10th residents' committee elections. */
    term: z.int().min(1),
    seats: z.array(z.object({ post: PostSchema, seats: z.int().min(1) })).min(1),
    votingDay: IsoDate,
    stations: z
      .array(
        z.object({
          stationId: Id,
          name: z.string().min(1).max(200),
          kind: StationKindSchema,
          /** A mobile box (流动票箱) is opened and counted together with this station's box: it has no count of its own. */
          countedWith: Id.optional(),
        }),
      )
      .min(1),
    ruleSet: RuleSetSchema,
    on: IsoDate,
    by: By,
  }),
});

export const committeeMemberAppointed = defineEvent({
  type: 'elections.election.committee-member-appointed',
  schemaVersion: 1,
  description: 'A member of the election committee (村民/居民选举委员会) was chosen (Art 12).',
  data: z.object({
    memberId: Id,
    role: z.enum(['chair', 'member']),
    /** 村民会议, 村民代表会议 or 各村民小组会议 (Art 12). */
    chosenBy: z.enum(['assembly', 'representatives', 'groups']),
    on: IsoDate,
    by: By,
  }),
});

export const committeeMemberLeft = defineEvent({
  type: 'elections.election.committee-member-left',
  schemaVersion: 1,
  description: 'A member left the election committee; one who is nominated as a candidate must leave it (Art 12).',
  data: z.object({ memberId: Id, cause: z.enum(['nominated', 'resigned', 'other']), on: IsoDate, rule: RuleRefSchema.optional(), by: By }),
});

export const auditRecorded = defineEvent({
  type: 'elections.election.audit-recorded',
  schemaVersion: 1,
  description: 'The pre-election financial audit (换届前清理审计) was completed; the roll cannot be published before it.',
  data: z.object({ on: IsoDate, auditor: z.string().min(1).max(200), reportRef: z.string().min(1).max(200), by: By }),
});

export const electionEvents = [electionCreated, committeeMemberAppointed, committeeMemberLeft, auditRecorded];
