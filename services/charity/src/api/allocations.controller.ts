import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { newId } from '@grid/platform';
import { Caller, Ctx, Route, created, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { CharityServices } from '../composition';
import { CharityAccess } from './charity-access';
import { conflictsAs409 } from './conflicts';
import { READERS, SERVICES, STAFF } from './roles';
import { AllocationParams, UseBody, WriteResultSchema } from './schemas';

const TAGS = ['charity'];
type P = z.infer<typeof AllocationParams>;

/** 使用: allocated money spent, with its evidence, never beyond what the allocation holds. */
@Controller('v1/allocations/:allocationId')
export class AllocationsController {
  constructor(
    @Inject(SERVICES) private readonly services: CharityServices,
    @Inject(CharityAccess) private readonly access: CharityAccess,
  ) {}

  @Route({ method: 'GET', path: '', roles: READERS, tags: TAGS, summary: { zh: '查看分配', en: 'Read an allocation and its uses' } })
  async read(@Param({ schema: AllocationParams }) p: P, @Caller() caller: Principal) {
    return ok(await this.access.allocation(caller, p.allocationId));
  }

  @Route({ method: 'POST', path: 'uses', roles: STAFF, tags: TAGS, summary: { zh: '登记使用', en: 'Record a use of the allocation' }, response: WriteResultSchema })
  async use(@Param({ schema: AllocationParams }) p: P, @Body({ schema: UseBody }) body: z.infer<typeof UseBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    const a = await this.access.allocation(caller, p.allocationId);
    const useId = newId(ctx, 'use');
    const result = await conflictsAs409(this.services.commands.fundStep(a.fundId, { type: 'record-use', useId, allocationId: p.allocationId, ...body }, ctx));
    return created({ ...result, id: useId }, { location: `/v1/allocations/${p.allocationId}`, revision: result.revision });
  }
}
