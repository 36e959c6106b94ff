import type { Actor, GridRecordsEvent, Sealed } from '@grid/contracts';
import type { Projection } from '@grid/platform';
import type { EventDataMap, IsoDate, VisitFinding } from '../../domain';

export const VISITS = 'visits';

/** One visit (走访/探访关爱) as lists show it; the note stays sealed under the household's key. */
export type VisitView = {
  visitId: string;
  householdId: string;
  personIds: string[];
  visitedOn: IsoDate;
  kind: EventDataMap['grid-records.visit.recorded']['kind'];
  findings: VisitFinding[];
  note: Sealed | null;
  by: Actor;
  /** When it was recorded (a visit entered days later still counts from `visitedOn`). */
  recordedAt: string;
};

/** The `visits` read model: one document per visit, for "when was this household last visited" (visits due). */
export const visitsProjection: Projection<GridRecordsEvent> = {
  name: 'grid-records.visits',
  collections: [VISITS],
  handles: ['grid-records.visit.recorded'],
  indexes: [{ collection: VISITS, spec: { fields: ['householdId'] } }],
  async apply(e, ctx) {
    if (e.type !== 'grid-records.visit.recorded') return;
    const d = e.data;
    await ctx.update<VisitView>(VISITS, d.visitId, () => ({
      visitId: d.visitId,
      householdId: d.householdId,
      personIds: d.personIds,
      visitedOn: d.visitedOn,
      kind: d.kind,
      findings: d.findings,
      note: d.note ?? null,
      by: d.by,
      recordedAt: e.recordedAt,
    }));
  },
};
