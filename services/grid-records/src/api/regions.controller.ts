import { Body, Controller, Inject, Param, Query } from '@nestjs/common';
import { Refusal, type CommandContext } from '@grid/platform';
import {
  ALL_REGIONS,
  Caller,
  Ctx,
  HttpProblem,
  RegionScope,
  Route,
  ScopedByParam,
  created,
  forbidden,
  notFound,
  ok,
  type Principal,
} from '@grid/platform/http';
import type { z } from 'zod';
import type { GridRecordsServices } from '../composition';
import type { RegionNode } from '../projections/regions/regions.projection';
import { OFFICIALS, READERS, REGION_CLOSERS, SERVICES } from './roles';
import { WriteResultSchema } from './schemas/common';
import {
  ChildrenQuery,
  CloseRegionBody,
  CreateRegionBody,
  MoveRegionBody,
  RegionChildrenSchema,
  RegionParams,
  RegionSchema,
  RenameRegionBody,
} from './schemas/regions.schemas';

const TAGS = ['regions'];

const summary = (n: RegionNode) => ({
  id: n.regionId,
  level: n.level,
  kind: n.kind,
  name: n.name,
  code: n.code,
  parentId: n.parentId,
  status: n.status,
  openedOn: n.openedOn,
  closedOn: n.closedOn,
  closeReason: n.closeReason ?? null,
  mergedInto: n.mergedInto ?? null,
  revision: n.revision,
});

/** Closing rules whose cure lies in other resources (move the child nodes, transfer the households): 409, not 422. */
const OCCUPIED = new Set(['has-children', 'has-households']);
const occupiedIsConflict = (error: unknown): never => {
  if (!(error instanceof Refusal) || !OCCUPIED.has(error.rule)) throw error;
  throw new HttpProblem(409, error.rule, 'Conflict', error.detail, [
    { field: error.field ?? '', rule: error.rule, message: error.detail, ...(error.source ? { source: error.source } : {}) },
  ]);
};

/** 区划/网格: the region tree. Officials shape it inside their scope; everyone reads what lies in theirs. */
@Controller('v1/regions')
export class RegionsController {
  constructor(
    @Inject(SERVICES) private readonly services: GridRecordsServices,
    @Inject(RegionScope) private readonly scope: RegionScope,
  ) {}

  @Route({
    method: 'POST',
    path: '',
    roles: OFFICIALS,
    tags: TAGS,
    summary: { zh: '设立区划/网格节点', en: 'Create a region node' },
    response: WriteResultSchema,
  })
  async create(
    @Body({ schema: CreateRegionBody }) body: z.infer<typeof CreateRegionBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    // A district is a root: no region can hold it in scope, so only city-wide staff create one.
    if (body.parentId === null && !caller.scope.includes(ALL_REGIONS)) throw forbidden('creating a district needs a city-wide scope');
    if (body.parentId !== null) await this.scope.assertWithin(caller, body.parentId);
    const result = await this.services.regions.create(body, ctx);
    return created(result, { location: `/v1/regions/${result.id}`, revision: result.revision });
  }

  @Route({
    method: 'GET',
    path: ':regionId',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '查看区划/网格节点', en: 'Read a region node' },
    response: RegionSchema,
  })
  @ScopedByParam('regionId')
  async read(@Param({ schema: RegionParams }) params: z.infer<typeof RegionParams>) {
    const node = await this.services.tree.node(params.regionId);
    if (!node) throw notFound();
    const path = (await this.services.tree.ancestry(node.regionId)).slice(0, -1);
    const body = { ...summary(node), path: path.map((n) => ({ id: n.regionId, level: n.level, name: n.name })), workers: node.workers };
    return ok(body, { revision: node.revision });
  }

  @Route({
    method: 'GET',
    path: ':regionId/children',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '下级节点', en: 'Child nodes' },
    response: RegionChildrenSchema,
  })
  @ScopedByParam('regionId')
  async children(
    @Param({ schema: RegionParams }) params: z.infer<typeof RegionParams>,
    @Query({ schema: ChildrenQuery }) query: z.infer<typeof ChildrenQuery>,
  ) {
    const items = await this.services.tree.children(params.regionId, { includeClosed: query.includeClosed === 'true' });
    return { items: items.map(summary) };
  }

  @Route({
    method: 'POST',
    path: ':regionId/rename',
    status: 200,
    roles: OFFICIALS,
    tags: TAGS,
    summary: { zh: '更名', en: 'Rename a region node' },
    response: WriteResultSchema,
  })
  @ScopedByParam('regionId')
  async rename(
    @Param({ schema: RegionParams }) params: z.infer<typeof RegionParams>,
    @Body({ schema: RenameRegionBody }) body: z.infer<typeof RenameRegionBody>,
    @Ctx() ctx: CommandContext,
  ) {
    const result = await this.services.regions.rename(params.regionId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: ':regionId/move',
    status: 200,
    roles: OFFICIALS,
    tags: TAGS,
    summary: { zh: '区划调整 (拆分/合并)', en: 'Move a node (split, merge)' },
    response: WriteResultSchema,
  })
  @ScopedByParam('regionId')
  async move(
    @Param({ schema: RegionParams }) params: z.infer<typeof RegionParams>,
    @Body({ schema: MoveRegionBody }) body: z.infer<typeof MoveRegionBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    await this.scope.assertWithin(caller, body.toParentId);
    const result = await this.services.regions.move(params.regionId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: ':regionId/close',
    status: 200,
    roles: REGION_CLOSERS,
    tags: TAGS,
    summary: { zh: '撤销/合并节点', en: 'Close a region node' },
    description:
      'Refused while open child nodes or active households remain (409 `has-children` / `has-households`: move and transfer them ' +
      'first); a district is not closed here. Grid workers assigned past `effectiveDate` end the day before. A closed node ' +
      'takes no children, households, workers, rename or move. Street officials close nodes below their street.',
    response: WriteResultSchema,
  })
  @ScopedByParam('regionId')
  async close(
    @Param({ schema: RegionParams }) params: z.infer<typeof RegionParams>,
    @Body({ schema: CloseRegionBody }) body: z.infer<typeof CloseRegionBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    const node = await this.services.tree.node(params.regionId);
    if (caller.role === 'street-official' && (node?.level === 'district' || node?.level === 'street'))
      throw forbidden('a street or township node is closed by the district');
    if (body.mergedInto !== undefined) await this.scope.assertWithin(caller, body.mergedInto);
    const result = await this.services.regions.close(params.regionId, body, ctx).catch(occupiedIsConflict);
    return ok(result, { revision: result.revision });
  }
}
