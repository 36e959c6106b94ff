import { RegionKindSchema, RegionLevelSchema, REGION_LEVELS } from '@grid/contracts';
import { textSchema } from '@grid/platform/http';
import { z } from 'zod';
import { DateSchema, IdSchema } from './common';

export const RegionParams = z.object({ regionId: IdSchema.describe('区划/网格节点 · region node') });
export const GridParams = z.object({ gridId: IdSchema.describe('网格 · grid or micro-grid') });

export const CreateRegionBody = z
  .object({
    parentId: IdSchema.nullable().describe('上级节点 (区为 null) · parent node (null for a district)'),
    level: RegionLevelSchema.describe(`层级 · level: ${REGION_LEVELS.join(' → ')}`),
    kind: RegionKindSchema.optional().describe('类型 (区/县, 街道/乡镇, 社区/村) · legal form'),
    name: textSchema({ max: 200 }).describe('名称 · name'),
    code: textSchema({ min: 0, max: 50 }).optional().describe('行政区划代码或网格编码 · official or grid code'),
    on: DateSchema,
  })
  .describe('设立区划/网格节点 · create a region node');

export const RenameRegionBody = z
  .object({ name: textSchema({ max: 200 }).describe('新名称 · new name'), on: DateSchema })
  .describe('更名 · rename');

export const MoveRegionBody = z
  .object({
    toParentId: IdSchema.describe('新的上级节点 · new parent'),
    change: z.enum(['split', 'merge', 'reorganisation']).describe('调整类型: 拆分/合并/重组 · split, merge or reorganisation'),
    on: DateSchema,
  })
  .describe('区划调整 · move under another parent');

export const CloseRegionBody = z
  .object({
    effectiveDate: DateSchema.describe('撤销生效日 (当日起不再存在) · first day the node no longer exists'),
    reason: textSchema({ max: 500, multiline: true }).describe('撤销/合并理由 (如区划调整批复) · reason, e.g. the decision on the reorganisation'),
    mergedInto: IdSchema.optional().describe('并入的同级节点 · the node of the same level it merges into'),
  })
  .describe('撤销/合并节点 (须先迁出下级节点和户) · close a node (move its child nodes and households out first)');

export const ChildrenQuery = z.object({
  includeClosed: z.enum(['true', 'false']).optional().describe('含已撤销节点 · include closed nodes'),
});

export const AssignWorkerBody = z
  .object({
    workerId: IdSchema.describe('网格员 · grid worker (token subject)'),
    from: DateSchema.describe('起始日 · first day'),
    until: DateSchema.optional().describe('结束日 (含) · last day, open-ended when absent'),
  })
  .describe('指派网格员 · assign a grid worker');

export const GridWorkerParams = GridParams.extend({ workerId: IdSchema.describe('网格员 · grid worker (token subject)') });

export const EndAssignmentBody = z
  .object({ until: DateSchema.describe('最后在岗日 (含) · last day on the grid') })
  .describe('网格员离岗 · end a grid worker’s assignment');

export const RegionSchema = z
  .object({
    id: z.string(),
    level: RegionLevelSchema,
    kind: z.string().nullable(),
    name: z.string(),
    code: z.string().nullable(),
    parentId: z.string().nullable(),
    path: z
      .array(z.object({ id: z.string(), level: RegionLevelSchema, name: z.string() }))
      .describe('上级路径, 自区起 · ancestors, district first'),
    status: z.enum(['open', 'closed']),
    openedOn: z.string(),
    closedOn: z.string().nullable().describe('撤销生效日 · first day closed'),
    closeReason: z.string().nullable().describe('撤销/合并理由 · why it was closed'),
    mergedInto: z.string().nullable().describe('并入节点 · merged into'),
    workers: z.array(z.object({ workerId: z.string(), from: z.string(), until: z.string().nullable() })).describe('网格员 · grid workers'),
    revision: z.number().int(),
  })
  .describe('区划/网格节点 · region node');

export const RegionChildrenSchema = z
  .object({ items: z.array(RegionSchema.omit({ path: true, workers: true })) })
  .describe('下级节点 · child nodes');
