import { Controller, Inject, Param } from '@nestjs/common';
import { Route, notFound, ok } from '@grid/platform/http';
import type { z } from 'zod';
import type { ElectionsServices } from '../composition';
import { SERVICES } from './roles';
import { ElectionParams } from './schemas';

/** 公告栏: what the committee posts publicly, without a token; names through the vault (each reveal recorded), never a 身份证 number or phone. */
@Controller('v1/public/elections')
export class PublicElectionsController {
  constructor(@Inject(SERVICES) private readonly services: ElectionsServices) {}

  @Route({ method: 'GET', path: ':electionId', public: true, tags: ['public'], summary: { zh: '选举公告（公开）', en: 'The election as posted (public)' } })
  async read(@Param({ schema: ElectionParams }) p: z.infer<typeof ElectionParams>) {
    const v = await this.services.electionLookup.get(p.electionId);
    if (!v) throw notFound();
    return ok(await this.services.notice.of(v));
  }
}
