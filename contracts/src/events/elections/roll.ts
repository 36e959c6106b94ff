import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate, RollBasisSchema, RuleRefSchema } from './common';

/** A keyed hash (hex HMAC-SHA256 under the service's roll key) of one roll entry: the leaf of the roll's commitment. */
const EntryHash = z.string().regex(/^[0-9a-f]{64}$/, 'entryHash must be a hex HMAC-SHA256');

export const voterRegistered = defineEvent({
  type: 'elections.election.voter-registered',
  schemaVersion: 1,
  description: 'A person was put on the voter roll (选民登记, Art 13). The person id only: names come from the vault when the roll is posted.',
  data: z.object({
    voterId: Id,
    entryHash: EntryHash,
    basis: RollBasisSchema,
    /** 村民小组 / 居民小组, as the posted roll groups names. */
    group: z.string().min(1).max(100).optional(),
    on: IsoDate,
    /** Set when an upheld objection put the person on. */
    objectionId: Id.optional(),
    by: By,
  }),
});

export const voterRemoved = defineEvent({
  type: 'elections.election.voter-removed',
  schemaVersion: 1,
  description: 'A person was taken off the roll before it was frozen (after freezing people are flagged, never removed).',
  data: z.object({
    voterId: Id,
    cause: z.enum(['died', 'moved-out', 'not-eligible', 'objection-upheld']),
    on: IsoDate,
    objectionId: Id.optional(),
    by: By,
  }),
});

export const rollPublished = defineEvent({
  type: 'elections.election.roll-published',
  schemaVersion: 1,
  description: 'The roll was published (公布选民名单), at least 20 days before voting day (Art 14); objections run until `objectionsUntil`.',
  data: z.object({ on: IsoDate, size: z.int().min(0), objectionsUntil: IsoDate, rule: RuleRefSchema, by: By }),
});

export const rollObjectionRaised = defineEvent({
  type: 'elections.election.roll-objection-raised',
  schemaVersion: 1,
  description: 'An objection to the roll (申诉) was received within 5 days of publication (Art 14): someone omitted or wrongly listed.',
  data: z.object({
    objectionId: Id,
    kind: z.enum(['omitted', 'wrongly-listed']),
    /** The person the objection is about. */
    subjectId: Id,
    on: IsoDate,
    grounds: z.string().min(1).max(2000),
    decideBy: IsoDate,
    by: By,
  }),
});

export const rollObjectionDecided = defineEvent({
  type: 'elections.election.roll-objection-decided',
  schemaVersion: 1,
  description: 'An objection was decided with a reason and the decision published (Art 14: within 3 days of receipt; `late` when it was not).',
  data: z.object({ objectionId: Id, on: IsoDate, upheld: z.boolean(), reason: z.string().min(1).max(2000), late: z.boolean(), rule: RuleRefSchema, by: By }),
});

export const rollFrozen = defineEvent({
  type: 'elections.election.roll-frozen',
  schemaVersion: 1,
  description:
    'The roll was frozen after the objection window and a commitment published: a Merkle root over the keyed entry hashes ' +
    '(sha256-merkle-v1: leaves sorted, leaf = sha256(0x00‖hash), node = sha256(0x01‖left‖right), an odd node is carried up).',
  data: z.object({ on: IsoDate, size: z.int().min(0), root: EntryHash, algorithm: z.literal('sha256-merkle-v1'), by: By }),
});

export const voterFlagged = defineEvent({
  type: 'elections.election.voter-flagged',
  schemaVersion: 1,
  description: 'A voter on the frozen roll died or moved out (learned from grid-records): flagged, never removed.',
  data: z.object({ voterId: Id, flag: z.enum(['died', 'moved-out']), on: IsoDate, by: By }),
});

/** Art 13 (2) 本人表示参加选举 (`away-voter`: registered here, living away) or (3) 本人申请参加选举 (`resident`: living here, registered elsewhere). */
export const rollApplicationFiled = defineEvent({
  type: 'elections.election.roll-application-filed',
  schemaVersion: 1,
  description:
    'Before the roll is published, a person registered here but living away asked to take part (Art 13 (2)), or a person living here and registered elsewhere applied (Art 13 (3)).',
  data: z.object({ applicationId: Id, voterId: Id, kind: z.enum(['away-voter', 'resident']), on: IsoDate, by: By }),
});

export const rollApplicationDecided = defineEvent({
  type: 'elections.election.roll-application-decided',
  schemaVersion: 1,
  description: 'The election committee recorded, with a reason, whether the villagers’ assembly or representatives admitted a resident’s application (Art 13 (3)).',
  data: z.object({ applicationId: Id, on: IsoDate, admitted: z.boolean(), reason: z.string().min(1).max(2000), rule: RuleRefSchema, by: By }),
});

export const rollEvents = [voterRegistered, voterRemoved, rollPublished, rollObjectionRaised, rollObjectionDecided, rollFrozen, voterFlagged, rollApplicationFiled, rollApplicationDecided];
