import { auditedAggregate, foundingField, type AuditedAggregate } from '@grid/platform';
import type { GridRecordsServices } from '../../composition';
import { regionDecider } from '../../domain';
import { gridRosterDecider } from '../../domain/region/grid-roster';
import { gridStream, regionStream } from '../streams';

/**
 * grid-records' aggregates beside the household (which has its own as-of, across its streams): a region as it stood
 * (opened, renamed, closed, admissions) and a grid's 网格员 roster, each asked of in the caller's regions.
 */
export const gridRecordsAudited: readonly AuditedAggregate<GridRecordsServices>[] = [
  auditedAggregate({
    name: 'regions',
    summary: { zh: '区划节点', en: 'A region' },
    stream: regionStream,
    decider: regionDecider,
    view: (s) => (s.status === 'none' ? null : s),
    regionOf: (events) => foundingField(events, 'regionId'),
  }),
  auditedAggregate({
    name: 'grids',
    summary: { zh: '网格员名册', en: 'A grid’s roster of grid workers' },
    stream: gridStream,
    decider: gridRosterDecider,
    regionOf: (events) => foundingField(events, 'gridId'),
  }),
];
