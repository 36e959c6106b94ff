import { Controller, Inject, Param } from '@nestjs/common';
import { Route, notFound, ok } from '@grid/platform/http';
import type { z } from 'zod';
import type { ElectionsServices } from '../composition';
import { SERVICES } from './roles';
import { ElectionParams } from './schemas';

/** 公告栏: what the committee posts publicly, without a token; never a 身份证 number, name or phone. */
@Controller('v1/public/elections')
export class PublicElectionsController {
  constructor(@Inject(SERVICES) private readonly services: ElectionsServices) {}

  @Route({ method: 'GET', path: ':electionId', public: true, tags: ['public'], summary: { zh: '选举公告（公开）', en: 'The election as posted (public)' } })
  async read(@Param({ schema: ElectionParams }) p: z.infer<typeof ElectionParams>) {
    const v = await this.services.electionLookup.get(p.electionId);
    if (!v) throw notFound();
    const posted = v.roll.publishedOn !== null;
    const roll = posted ? (await this.services.roll.entries(p.electionId)).map(({ voterId, group, flag }) => ({ voterId, group, flag })) : null;
    return ok({
      electionId: v.electionId,
      regionId: v.regionId,
      kind: v.kind,
      term: v.term,
      votingDay: v.votingDay,
      roll: posted ? { publishedOn: v.roll.publishedOn, objectionsUntil: v.roll.objectionsUntil, root: v.roll.root, entries: roll } : null,
      candidates: v.candidates,
      proxies: v.proxiesPublishedOn ? v.proxies : null,
      rounds: v.rounds,
      outcome: v.outcome,
    });
  }
}
