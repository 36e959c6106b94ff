import type { GridRecordsEvent, Member, Sealed } from '@grid/contracts';
import type { DocumentStore, Projection } from '@grid/platform';

export const RESIDENTS = 'elections_households';

/**
 * A person as the roll needs them: birth year for the age rule and the birth date as grid-records sealed it (opened only
 * for those who turn the age in the voting year; clear in its v1 events), relation to the head (near relatives for
 * proxies), the name as grid-records sealed it (opened only for the posted roll); no ID number.
 */
export type ResidentView = {
  personId: string;
  birthDate: Sealed | string;
  /** Absent from documents projected before it (their date is clear). */
  birthYear?: number;
  relation: string;
  name: Sealed;
  since: string;
  leftOn: string | null;
  diedOn: string | null;
  /** 户籍 and residence as a grid worker last recorded them (absent: registered and living here since joining). */
  residence?: { hukou: 'here' | 'elsewhere'; living: 'here' | 'away'; since: string };
  /** 被剥夺政治权利 from a judgment, until a date or for life (null); cleared on restoration. */
  deprived?: { from: string; until: string | null } | null;
};
export const birthYearOf = (m: Pick<ResidentView, 'birthDate' | 'birthYear'>): number => m.birthYear ?? Number(String(m.birthDate).slice(0, 4));

/** One household of grid-records, as far as elections needs it: its grid (for the community) and its members. */
export type HouseholdView = { householdId: string; gridId: string; closedOn: string | null; members: ResidentView[] };

const HANDLES = [
  'grid-records.household.registered',
  'grid-records.household.member-added',
  'grid-records.household.member-removed',
  'grid-records.household.transferred',
  'grid-records.household.moved-out',
  'grid-records.resident.died',
  'grid-records.resident.death-revoked',
  'grid-records.resident.residence-recorded',
  'grid-records.resident.political-rights-deprived',
  'grid-records.resident.political-rights-restored',
] as const;

const member = (m: Pick<Member, 'personId' | 'birthDate' | 'birthYear' | 'relation' | 'name'>, on: string): ResidentView => ({
  personId: m.personId,
  birthDate: m.birthDate,
  birthYear: m.birthYear,
  relation: m.relation,
  name: m.name,
  since: on,
  leftOn: null,
  diedOn: null,
});
const withMember = (h: HouseholdView, personId: string, f: (m: ResidentView) => ResidentView): HouseholdView => ({
  ...h,
  members: h.members.map((m) => (m.personId === personId ? f(m) : m)),
});

/** elections' own residents, from grid-records' household events only (the service never asks grid-records). */
export const residentsProjection: Projection<GridRecordsEvent> = {
  name: 'elections.residents',
  collections: [RESIDENTS],
  handles: HANDLES,
  async apply(e, ctx) {
    const update = (id: string, f: (h: HouseholdView) => HouseholdView) => ctx.update<HouseholdView>(RESIDENTS, id, (h) => (h ? f(h) : h));
    switch (e.type) {
      case 'grid-records.household.registered': {
        const d = e.data;
        return ctx.update<HouseholdView>(RESIDENTS, d.householdId, () => ({ householdId: d.householdId, gridId: d.gridId, closedOn: null, members: d.members.map((m) => member(m, d.on)) }));
      }
      case 'grid-records.household.member-added':
        return update(e.data.householdId, (h) => ({ ...h, members: [...h.members.filter((m) => m.personId !== e.data.member.personId), member(e.data.member, e.data.on)] }));
      case 'grid-records.household.member-removed':
        return update(e.data.householdId, (h) => withMember(h, e.data.personId, (m) => ({ ...m, leftOn: e.data.on })));
      case 'grid-records.household.transferred':
        return update(e.data.householdId, (h) => ({ ...h, gridId: e.data.toGridId }));
      case 'grid-records.household.moved-out':
        return update(e.data.householdId, (h) => ({ ...h, closedOn: e.data.on }));
      case 'grid-records.resident.died':
        return update(e.data.householdId, (h) => withMember(h, e.data.personId, (m) => ({ ...m, diedOn: e.data.diedOn })));
      case 'grid-records.resident.death-revoked':
        return update(e.data.householdId, (h) => withMember(h, e.data.personId, (m) => ({ ...m, diedOn: null })));
      case 'grid-records.resident.residence-recorded': {
        const { hukou, living, since } = e.data;
        return update(e.data.householdId, (h) => withMember(h, e.data.personId, (m) => ({ ...m, residence: { hukou, living, since } })));
      }
      case 'grid-records.resident.political-rights-deprived':
        return update(e.data.householdId, (h) => withMember(h, e.data.personId, (m) => ({ ...m, deprived: { from: e.data.from, until: e.data.until } })));
      case 'grid-records.resident.political-rights-restored':
        return update(e.data.householdId, (h) => withMember(h, e.data.personId, (m) => ({ ...m, deprived: null })));
    }
  },
};

/** Reads of the residents: every open household (the application filters by community through the region directory). */
export class ResidentLookup {
  constructor(private readonly documents: DocumentStore) {}

  async openHouseholds(): Promise<HouseholdView[]> {
    const docs = await this.documents.collection<HouseholdView & { _id: string; _deleted?: true }>(RESIDENTS).find({ closedOn: null });
    return docs.filter((d) => !d._deleted);
  }

  /** Every member of an open household by person id, with the household's grid. */
  async byPerson(): Promise<Map<string, ResidentView & { gridId: string }>> {
    const out = new Map<string, ResidentView & { gridId: string }>();
    for (const h of await this.openHouseholds()) for (const m of h.members) out.set(m.personId, { ...m, gridId: h.gridId });
    return out;
  }

  async householdOf(personId: string): Promise<HouseholdView | null> {
    const all = await this.openHouseholds();
    return all.find((h) => h.members.some((m) => m.personId === personId)) ?? null;
  }
}
