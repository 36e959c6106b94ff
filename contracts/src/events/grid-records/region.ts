import { z } from 'zod';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate, RegionKindSchema, RegionLevelSchema } from './common';

/** Stream `region-<regionId>`: one node of the 区→街道→社区→网格→微网格→楼栋 tree. */
export const regionCreated = defineEvent({
  type: 'grid-records.region.created',
  schemaVersion: 1,
  description: 'A region node was created (区划/网格节点设立): district, street/township, community/village, grid, micro-grid or building.',
  data: z.object({
    regionId: Id,
    level: RegionLevelSchema,
    kind: RegionKindSchema.optional(),
    name: z.string().min(1).max(200),
    /** 行政区划代码 or the district's own grid code. */
    code: z.string().max(50).optional(),
    /** null only for a district. */
    parentId: Id.nullable(),
    on: IsoDate,
    by: By,
  }),
});

export const regionRenamed = defineEvent({
  type: 'grid-records.region.renamed',
  schemaVersion: 1,
  description: 'A region node was renamed (更名).',
  data: z.object({ regionId: Id, from: z.string(), to: z.string().min(1).max(200), on: IsoDate, by: By }),
});

export const regionMoved = defineEvent({
  type: 'grid-records.region.moved',
  schemaVersion: 1,
  description:
    'A region node moved under another parent from a date (区划调整: split, merge, reorganisation; seed 002: 6 communities into the central area).',
  data: z.object({
    regionId: Id,
    level: RegionLevelSchema,
    fromParentId: Id,
    toParentId: Id,
    on: IsoDate,
    change: z.enum(['split', 'merge', 'reorganisation']),
    by: By,
  }),
});

/** An assignment of a grid worker, as a closing ends it: `until` is the last day in the grid. */
const EndedAssignment = z.object({ workerId: Id, from: IsoDate, until: IsoDate });

export const regionClosed = defineEvent({
  type: 'grid-records.region.closed',
  schemaVersion: 1,
  description:
    'A region node was closed (撤销/合并) from `on`, its first day closed: it had no open child nodes and no households left. ' +
    'The grid workers assigned past that day end the day before (`workersEnded`; the grid stream records each as worker-unassigned).',
  data: z.object({
    regionId: Id,
    level: RegionLevelSchema,
    on: IsoDate,
    mergedInto: Id.optional(),
    /** Why (撤销理由, e.g. the bureau's decision); optional only for data written before closes had a route (issue #4). */
    reason: z.string().min(1).max(500).optional(),
    /** Optional for the same reason; absent means none. */
    workersEnded: z.array(EndedAssignment).optional(),
    by: By,
  }),
});

/**
 * A household entered the node (a grid or micro-grid, or a building): registered in it or transferred in. Written on
 * the node's stream before the household's own event, so a close of the node, which appends to the same stream,
 * either sees it or finds the node closed. No personal data: the household's id only.
 */
export const regionHouseholdAdmitted = defineEvent({
  type: 'grid-records.region.household-admitted',
  schemaVersion: 1,
  description:
    'A household was admitted to a grid, micro-grid or building (registration or transfer in), before its own event; ' +
    'the node counts it as living there until the household\'s stream shows it gone.',
  data: z.object({ regionId: Id, householdId: Id, on: IsoDate, by: By }),
});

export const regionHouseholdAdmissionWithdrawn = defineEvent({
  type: 'grid-records.region.household-admission-withdrawn',
  schemaVersion: 1,
  description: 'The write that admitted a household failed before the household\'s own event: the node no longer counts it.',
  data: z.object({ regionId: Id, householdId: Id, by: By }),
});

/** Stream `grid-<gridId>`: the grid's roster of 网格员 grid workers. */
export const gridWorkerAssigned = defineEvent({
  type: 'grid-records.grid.worker-assigned',
  schemaVersion: 1,
  description: 'A grid worker (网格员) was assigned to a grid or micro-grid from a date, optionally until a last day.',
  data: z.object({ gridId: Id, workerId: Id, from: IsoDate, until: IsoDate.nullable(), by: By }),
});

export const gridWorkerUnassigned = defineEvent({
  type: 'grid-records.grid.worker-unassigned',
  schemaVersion: 1,
  description: 'A grid worker (网格员) assignment ended; `until` is the last day in the grid.',
  data: z.object({ gridId: Id, workerId: Id, from: IsoDate, until: IsoDate, by: By }),
});

export const regionEvents = [regionCreated, regionRenamed, regionMoved, regionClosed,
  regionHouseholdAdmitted,
  regionHouseholdAdmissionWithdrawn,
  gridWorkerAssigned, gridWorkerUnassigned];
