/** Stream ids of the aggregates this service owns (contracts topics.ts: categories region, grid, household). */
export const regionStream = (regionId: string): string => `region-${regionId}`;
export const gridStream = (gridId: string): string => `grid-${gridId}`;
export const householdStream = (householdId: string): string => `household-${householdId}`;
/** The reservation of one 身份证 number (by its reference, IdRefs) for one household: not published (contracts UNPUBLISHED_CATEGORIES). */
export const identityStream = (idHash: string): string => `identity-${idHash}`;

/** The aggregate id of a stream id (`household-42` → `42`). */
export const aggregateIdOf = (streamId: string): string => streamId.slice(streamId.indexOf('-') + 1);

/** Categories grid-records writes and relays to the bus (contracts CATEGORY_OWNERS). */
export const GRID_RECORDS_CATEGORIES = ['region', 'grid', 'household', 'person', 'assistance'];
