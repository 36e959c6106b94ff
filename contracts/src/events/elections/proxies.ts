import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate, NearRelationSchema } from './common';

export const proxyAuthorised = defineEvent({
  type: 'elections.election.proxy-authorised',
  schemaVersion: 1,
  description: 'A voter away on voting day authorised a near relative with a vote in the same election in writing (委托投票, Art 15).',
  data: z.object({
    principalId: Id,
    proxyId: Id,
    relation: NearRelationSchema,
    /** The written authorisation (委托书) as filed. */
    authorisationRef: z.string().min(1).max(200),
    on: IsoDate,
    by: By,
  }),
});

export const proxiesPublished = defineEvent({
  type: 'elections.election.proxies-published',
  schemaVersion: 1,
  description: 'The list of principals and proxies was published before voting day (Art 15).',
  data: z.object({ on: IsoDate, count: z.int().min(0), by: By }),
});

export const proxyEvents = [proxyAuthorised, proxiesPublished];
