import type { Actor, GridRecordsEvent, Sealed } from '@grid/contracts';
import type { Projection } from '@grid/platform';
import type { EventDataMap, IsoDate } from '../../domain';

export const OFFICIAL_RELATIVES = 'official_relatives';

type Registered = EventDataMap['grid-records.official-relative.registered'];
type Withdrawn = EventDataMap['grid-records.official-relative.withdrawn'];

/**
 * One 近亲属备案 filing (`_id` = registrationId), in force or withdrawn: personal fields stay sealed as the events
 * carry them (the official's under `official.personId` when present, the rest under the relative's `personId`).
 */
export type OfficialRelativeFiling = {
  registrationId: string;
  /** The relative (a registered resident), whose `person-<id>` stream holds the filing. */
  personId: string;
  idHash: string;
  relation: Registered['relation'];
  official: Registered['official'];
  note: Sealed | null;
  on: IsoDate;
  filedBy: Actor;
  status: 'in-force' | 'withdrawn';
  withdrawal: { on: IsoDate; cause: Withdrawn['cause']; reason: string; by: Actor } | null;
  /** Revision of the person stream at the filing: the order filings were made in. */
  filedRevision: number;
  /** Revision of the person stream at this filing's latest event (the stream's revision is the largest of a person's filings). */
  revision: number;
};

/** The `official_relatives` read model: filings by id, by person and by official, for the API and auditors. */
export const officialRelativesProjection: Projection<GridRecordsEvent> = {
  name: 'grid-records.official-relatives',
  collections: [OFFICIAL_RELATIVES],
  handles: ['grid-records.official-relative.registered', 'grid-records.official-relative.withdrawn'],
  indexes: [
    { collection: OFFICIAL_RELATIVES, spec: { fields: ['personId'] } },
    { collection: OFFICIAL_RELATIVES, spec: { fields: ['official.idHash'] } },
  ],
  async apply(e, ctx) {
    if (e.type === 'grid-records.official-relative.registered') {
      const d = e.data;
      return ctx.update<OfficialRelativeFiling>(OFFICIAL_RELATIVES, d.registrationId, () => ({
        registrationId: d.registrationId,
        personId: d.personId,
        idHash: d.idHash,
        relation: d.relation,
        official: d.official,
        note: d.note ?? null,
        on: d.on,
        filedBy: d.by,
        status: 'in-force',
        withdrawal: null,
        filedRevision: e.streamRevision,
        revision: e.streamRevision,
      }));
    }
    if (e.type !== 'grid-records.official-relative.withdrawn') return;
    const d = e.data;
    return ctx.update<OfficialRelativeFiling>(OFFICIAL_RELATIVES, d.registrationId, (f) =>
      f
        ? {
            ...f,
            status: 'withdrawn',
            withdrawal: { on: d.on, cause: d.cause, reason: d.reason, by: d.by },
            revision: e.streamRevision,
          }
        : null,
    );
  },
};
