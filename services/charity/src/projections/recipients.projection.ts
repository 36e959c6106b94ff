import type { GridRecordsEvent, HelpProjectsEvent } from '@grid/contracts';
import type { Projection } from '@grid/platform';
import { HOUSEHOLDS, PROJECTS } from './collections';

/** A household as charity knows it from grid-records' events: its grid and the statuses it holds now (特困, 低保 …). */
export type HouseholdView = { householdId: string; gridId: string | null; headId: string | null; closedOn: string | null; statuses: Record<string, string> };
/** A help project as charity knows it from help-projects' events: allocations to it need its id to exist. */
export type ProjectView = { projectId: string; title: string; category: string; from: string; until: string };

const blank = (householdId: string): HouseholdView => ({ householdId, gridId: null, headId: null, closedOn: null, statuses: {} });

/** The recipients charity allocates to, learned from grid-records' and help-projects' events (never by asking them). */
export const recipientsProjection: Projection<GridRecordsEvent | HelpProjectsEvent> = {
  name: 'charity.recipients',
  collections: [HOUSEHOLDS, PROJECTS],
  handles: [
    'grid-records.household.registered',
    'grid-records.household.transferred',
    'grid-records.household.moved-out',
    'grid-records.household.ended',
    'grid-records.assistance.approved',
    'grid-records.assistance.exited',
    'grid-records.assistance.cancelled',
    'grid-records.assistance.ended',
    'help-projects.project.published',
  ],
  async apply(e, ctx) {
    const household = (id: string, f: (h: HouseholdView) => HouseholdView) => ctx.update<HouseholdView>(HOUSEHOLDS, id, (h) => f(h ?? blank(id)));
    const endStatus = (householdId: string, caseId: string) =>
      household(householdId, (h) => {
        const { [caseId]: _ended, ...statuses } = h.statuses;
        return { ...h, statuses };
      });
    switch (e.type) {
      case 'grid-records.household.registered':
        return household(e.data.householdId, (h) => ({ ...h, gridId: e.data.gridId, headId: e.data.headId }));
      case 'grid-records.household.transferred':
        return household(e.data.householdId, (h) => ({ ...h, gridId: e.data.toGridId }));
      case 'grid-records.household.moved-out':
        return household(e.data.householdId, (h) => ({ ...h, closedOn: e.data.on }));
      case 'grid-records.household.ended':
        return household(e.data.householdId, (h) => ({ ...h, closedOn: h.closedOn ?? e.data.on }));
      case 'grid-records.assistance.approved':
        return household(e.data.householdId, (h) => ({ ...h, statuses: { ...h.statuses, [e.data.caseId]: e.data.program } }));
      case 'grid-records.assistance.exited':
      case 'grid-records.assistance.cancelled':
      case 'grid-records.assistance.ended':
        return endStatus(e.data.householdId, e.data.caseId);
      case 'help-projects.project.published': {
        const { projectId, title, category, from, until } = e.data;
        return ctx.update<ProjectView>(PROJECTS, projectId, () => ({ projectId, title, category, from, until }));
      }
    }
  },
};
