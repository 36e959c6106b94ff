import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Ctx, Route, ScopedByParam, ok } from '@grid/platform/http';
import type { z } from 'zod';
import type { GridRecordsServices } from '../composition';
import { OFFICIALS, SERVICES } from './roles';
import { WriteResultSchema } from './schemas/common';
import { AssignWorkerBody, GridParams } from './schemas/regions.schemas';

const TAGS = ['regions'];

/** 网格员 rosters (stream `grid-<gridId>`): officials assign the grid workers of grids in their scope. */
@Controller('v1/grids')
export class GridsController {
  constructor(@Inject(SERVICES) private readonly services: GridRecordsServices) {}

  @Route({
    method: 'POST',
    path: ':gridId/workers',
    status: 200,
    roles: OFFICIALS,
    tags: TAGS,
    summary: { zh: '指派网格员', en: 'Assign a grid worker' },
    response: WriteResultSchema,
  })
  @ScopedByParam('gridId')
  async assign(
    @Param({ schema: GridParams }) params: z.infer<typeof GridParams>,
    @Body({ schema: AssignWorkerBody }) body: z.infer<typeof AssignWorkerBody>,
    @Ctx() ctx: CommandContext,
  ) {
    const result = await this.services.regions.assignWorker(params.gridId, body, ctx);
    return ok(result, { revision: result.revision });
  }
}
