import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate, PostSchema } from './common';

const Count = z.int().min(0);

export const ballotIssued = defineEvent({
  type: 'elections.election.ballot-issued',
  schemaVersion: 1,
  description: 'A ballot of a round was handed out for a voter at a station (in person or to their proxy). Who, where, when: never what.',
  data: z.object({
    round: z.int().min(1),
    voterId: Id,
    stationId: Id,
    via: z.enum(['in-person', 'proxy']),
    /** The proxy who took the ballot, when `via` is proxy. */
    proxyId: Id.optional(),
    at: z.iso.datetime({ offset: true }),
    by: By,
  }),
});

export const stationTallied = defineEvent({
  type: 'elections.election.station-tallied',
  schemaVersion: 1,
  description:
    'A station’s public count (唱票、计票) of a round: votes per candidate, blank, invalid and unreturned ballots; ' +
    'issued = returned + unreturned and returned = valid + blank + invalid.',
  data: z.object({
    round: z.int().min(1),
    stationId: Id,
    on: IsoDate,
    issued: Count,
    returned: Count,
    unreturned: Count,
    valid: Count,
    blank: Count,
    invalid: Count,
    votes: z.array(z.object({ post: PostSchema, candidateId: Id, votes: Count })),
    by: By,
  }),
});

export const votingEvents = [ballotIssued, stationTallied];
