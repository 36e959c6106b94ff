import type { Envelope, GridRecordsEvent, Member } from '@grid/contracts';
import type { Projection, ProjectionContext, ReadModel } from '@grid/platform';
import type { IsoDate } from '../../domain';

export const PERSON_INDEX = 'person_index';

/** Where a person stands in the district's households: the latest record wins. */
export type PersonStatus = 'member' | 'left' | 'died' | 'moved-out';

/**
 * One document per person (`_id` = personId); `idHash` is the 身份证 number's reference (vault idRef, or the v1 keyed
 * hash of a person recorded before it), indexed; absent once the person is erased.
 */
export type PersonEntry = {
  personId: string;
  idHash?: string;
  householdId: string;
  status: PersonStatus;
  /** Effective date of the status. */
  since: IsoDate;
  /** The store's global position of the latest fact: orders facts from different household streams (see `newer`). */
  position: number;
};

/**
 * A person's entry is written from several households' streams (left one, joined another). Each stream keeps its
 * own order, but on the bus two streams can arrive in either order, so an older fact never overwrites a newer
 * one: the envelope's global position (the store's order, carried over the bus) decides, and a status change
 * only applies to the household the entry points at. Not recordedAt: two appends can share a millisecond.
 */
const newer = (current: PersonEntry | null, e: Envelope): boolean => !current || e.globalPosition >= current.position;

function joined(ctx: ProjectionContext, e: Envelope, householdId: string, m: Member, on: IsoDate): Promise<void> {
  return ctx.update<PersonEntry>(PERSON_INDEX, m.personId, (current) =>
    newer(current, e)
      ? { personId: m.personId, idHash: m.idHash, householdId, status: 'member', since: on, position: e.globalPosition }
      : current,
  );
}

function changed(ctx: ProjectionContext, e: Envelope, householdId: string, personId: string, change: Partial<PersonEntry>): Promise<void> {
  return ctx.update<PersonEntry>(PERSON_INDEX, personId, (current) =>
    current && current.householdId === householdId && newer(current, e)
      ? { ...strip(current), ...change, position: e.globalPosition }
      : current,
  );
}

const strip = ({ _id, ...entry }: ReadModel<PersonEntry>): PersonEntry => entry;

/** idHash → person → household, for "one person, one household" (户籍 uniqueness) and resident routes. */
export const personIndexProjection: Projection<GridRecordsEvent> = {
  name: 'grid-records.person-index',
  collections: [PERSON_INDEX],
  handles: [
    'grid-records.household.registered',
    'grid-records.household.member-added',
    'grid-records.household.member-removed',
    'grid-records.household.moved-out',
    'grid-records.resident.died',
    'grid-records.resident.death-revoked',
    'grid-records.resident.details-corrected',
    'grid-records.resident.erased',
  ],
  indexes: [{ collection: PERSON_INDEX, spec: { fields: ['idHash'] } }],
  async apply(e, ctx) {
    switch (e.type) {
      case 'grid-records.household.registered': {
        const d = e.data;
        for (const m of d.members) await joined(ctx, e, d.householdId, m, d.on);
        return;
      }
      case 'grid-records.household.member-added': {
        const d = e.data;
        return joined(ctx, e, d.householdId, d.member, d.on);
      }
      case 'grid-records.household.member-removed': {
        const d = e.data;
        return changed(ctx, e, d.householdId, d.personId, { status: 'left', since: d.on });
      }
      case 'grid-records.household.moved-out': {
        const d = e.data;
        for (const personId of d.memberIds) await changed(ctx, e, d.householdId, personId, { status: 'moved-out', since: d.on });
        return;
      }
      case 'grid-records.resident.died': {
        const d = e.data;
        return changed(ctx, e, d.householdId, d.personId, { status: 'died', since: d.diedOn });
      }
      case 'grid-records.resident.death-revoked': {
        // Only while the household is in the district (the decider refuses a moved-out one): a member again.
        const d = e.data;
        return changed(ctx, e, d.householdId, d.personId, { status: 'member', since: d.on });
      }
      case 'grid-records.resident.details-corrected': {
        const d = e.data;
        if (d.corrected.idHash) await changed(ctx, e, d.householdId, d.personId, { idHash: d.corrected.idHash });
        return;
      }
      case 'grid-records.resident.erased': {
        // Whatever household the entry points at: nothing may find the person by their number any more (a v1 hash
        // left here would also let the vault adopt it again for a new registration).
        return ctx.update<PersonEntry>(PERSON_INDEX, e.data.personId, (current) => {
          if (!current) return current;
          const { idHash: _erased, ...rest } = strip(current);
          return { ...rest, position: Math.max(current.position, e.globalPosition) };
        });
      }
    }
  },
};
