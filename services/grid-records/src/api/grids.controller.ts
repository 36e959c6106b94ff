import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Ctx, Route, ScopedByParam, ok } from '@grid/platform/http';
import type { z } from 'zod';
import type { GridRecordsServices } from '../composition';
import { OFFICIALS, SERVICES } from './roles';
import { WriteResultSchema } from './schemas/common';
import { AssignWorkerBody, EndAssignmentBody, GridParams, GridWorkerParams } from './schemas/regions.schemas';

const TAGS = ['regions'];

/**
 * 网格员 rosters (stream `grid-<gridId>`): officials assign and end the grid workers of grids in their scope; a worker
 * sees the people of a grid in clear only while on its roster.
 */
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

  @Route({
    method: 'POST',
    path: ':gridId/workers/:workerId/end',
    status: 200,
    roles: OFFICIALS,
    tags: TAGS,
    summary: { zh: '网格员离岗', en: 'End a grid worker’s assignment' },
    description: 'From the day after `until` the worker is off the roster and sees the grid’s residents masked.',
    response: WriteResultSchema,
  })
  @ScopedByParam('gridId')
  async end(
    @Param({ schema: GridWorkerParams }) params: z.infer<typeof GridWorkerParams>,
    @Body({ schema: EndAssignmentBody }) body: z.infer<typeof EndAssignmentBody>,
    @Ctx() ctx: CommandContext,
  ) {
    const result = await this.services.regions.endAssignment(params.gridId, params.workerId, body, ctx);
    return ok(result, { revision: result.revision });
  }
}
