import { refused, type Decider } from '@grid/platform/decider';
import type { identityReleased } from '@grid/contracts';
import type { IsoDate } from '../shared/dates';
import { evt, type Actor, type DataOf, type EventOf } from '../shared/events';

/** 户口登记条例 第六条: a citizen registers permanent residence in one place only (one person, one household). */
export const ONE_REGISTRATION_SOURCE = '中华人民共和国户口登记条例 第六条';

/**
 * How long a claim binds before its household records the person. A registration claims, then appends to the
 * household within milliseconds; a claim still unrecorded after this long is left by a request that failed or
 * died (the same span as the HTTP idempotency lease), and another household may take it over.
 */
export const CLAIM_LEASE_MS = 60_000;

export type ReleaseCause = DataOf<typeof identityReleased>['cause'];

/** What a household's own stream says about an ID number (read by the application: `heldIdentity`). */
export type Held = 'member' | 'died' | null;

/**
 * The claim's holder as its household's stream says: the person is recorded (`member`, `died`), was recorded and has
 * gone (`left`: moved away, moved out, ID number corrected), or was never recorded there (`unrecorded`).
 */
export type HolderStanding = 'member' | 'died' | 'left' | 'unrecorded';

/**
 * Stream `identity-<idHash>`: who holds one 身份证 number in the district. The application reads the facts a
 * claim needs from the holder's household stream (never from a read model): whether that household records the
 * person, and how old an unrecorded claim is.
 */
export type IdentityCommand =
  | {
      type: 'claim';
      idHash: string;
      householdId: string;
      personId: string;
      /** The current holder's household, as its own stream says now; null when the stream has no holder. */
      holder: { standing: HolderStanding; claimAgeMs: number } | null;
      /**
       * A person registered before reservation streams existed (their stream is empty): the person index's
       * household, checked against that household's stream. Null otherwise.
       */
      legacy: { householdId: string; holds: Held } | null;
      on: IsoDate;
      by: Actor;
    }
  | {
      type: 'release';
      idHash: string;
      householdId: string;
      personId: string;
      cause: ReleaseCause;
      /** Whether the household's stream still records the person (then nothing is released). */
      householdHolds: Held;
      on: IsoDate;
      by: Actor;
    };

export type IdentityEvent = EventOf<'grid-records.identity.claimed'> | EventOf<'grid-records.identity.released'>;

export interface IdentityState {
  /** The household the ID number is reserved for, and the person it named; null when free. */
  holder: { householdId: string; personId: string; since: IsoDate } | null;
  /** The person id the district knows this ID number by (kept after a release: a person keeps one id and one key). */
  personId: string | null;
}

export const initialIdentity: IdentityState = { holder: null, personId: null };

/**
 * One person, one household. A claim binds while its household's stream records the person (alive, or deceased:
 * a death keeps the record, and a dead person's ID number registered again is a case for the cross-checks of
 * seed 003, not a new resident), or, never recorded there, while it is younger than the lease (the household's
 * event is on its way). Otherwise it is an orphan (of a request that failed, or of a leave whose release was lost)
 * and is taken over.
 */
export function decideIdentity(cmd: IdentityCommand, s: IdentityState): IdentityEvent[] {
  switch (cmd.type) {
    case 'claim': {
      const { holder } = s;
      if (holder?.householdId === cmd.householdId) return []; // this household's claim already: its own stream sorts out duplicates
      if (holder === null) {
        if (cmd.legacy && cmd.legacy.householdId !== cmd.householdId && cmd.legacy.holds !== null)
          throw registeredElsewhere(cmd.legacy.holds);
        return [claimed(cmd, null)];
      }
      if (cmd.holder === null) throw registeredElsewhere('member'); // no facts about the holder: the claim binds
      const { standing, claimAgeMs } = cmd.holder;
      if (standing === 'member' || standing === 'died') throw registeredElsewhere(standing);
      if (standing === 'unrecorded' && claimAgeMs < CLAIM_LEASE_MS) {
        throw refused('registered-elsewhere', 'this ID number is being registered in another household of the district', {
          source: ONE_REGISTRATION_SOURCE,
        });
      }
      return [claimed(cmd, { householdId: holder.householdId, personId: holder.personId })];
    }
    case 'release': {
      if (s.holder?.householdId !== cmd.householdId) return []; // not this household's to release
      if (cmd.householdHolds !== null) {
        throw refused('still-registered', `household ${cmd.householdId} still records this person`, { source: ONE_REGISTRATION_SOURCE });
      }
      const { type: _t, householdHolds: _h, ...data } = cmd;
      return [evt('grid-records.identity.released', { ...data, personId: s.holder.personId }, cmd.on)];
    }
  }
}

function claimed(
  cmd: Extract<IdentityCommand, { type: 'claim' }>,
  replaces: { householdId: string; personId: string } | null,
): IdentityEvent {
  const { idHash, householdId, personId, on, by } = cmd;
  return evt('grid-records.identity.claimed', { idHash, householdId, personId, replaces, on, by }, on);
}

function registeredElsewhere(held: Exclude<Held, null>) {
  return refused(
    'registered-elsewhere',
    held === 'died'
      ? 'this ID number is recorded as deceased in another household of the district'
      : 'this ID number is registered in another household of the district',
    { source: ONE_REGISTRATION_SOURCE },
  );
}

export function evolveIdentity(s: IdentityState, e: IdentityEvent): IdentityState {
  switch (e.type) {
    case 'grid-records.identity.claimed':
      return { holder: { householdId: e.data.householdId, personId: e.data.personId, since: e.data.on }, personId: e.data.personId };
    case 'grid-records.identity.released':
      return { ...s, holder: null };
  }
}

export const identityDecider: Decider<IdentityCommand, IdentityEvent, IdentityState> = {
  initialState: initialIdentity,
  decide: decideIdentity,
  evolve: evolveIdentity,
};
