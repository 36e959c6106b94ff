import { CommandHandler, ConcurrencyError, Refusal, type AppendedEvent, type Clock, type CommandContext, type EventStore } from '@grid/platform';
import {
  CLAIM_LEASE_MS,
  heldIdentity,
  identityDecider,
  type Held,
  type HouseholdState,
  type IdentityCommand,
  type IdentityEvent,
  type IdentityState,
  type IsoDate,
  type ReleaseCause,
} from '../../domain';
import type { PersonLookup } from '../../projections/person-index/person-lookup';
import { PersonRegisteredElsewhere } from '../errors';
import type { IdRefs } from '../id-refs';
import { identityStream } from '../streams';
import { readHousehold } from './household-stream';

/** One person a write records in a household: their ID number's reference (IdRefs), and the request field for errors. */
export interface ClaimRequest {
  idHash: string;
  personId: string;
  /** `members.1.idNumber`, `member.idNumber`, `idNumber`. */
  field: string;
  /** What `check` read for this household: the claim's first attempt appends on it (a changed stream re-reads). */
  checked?: IdentityCheck;
}

/** The identity stream's revision and the facts as `check` found them: opaque to callers, handed back in a ClaimRequest. */
export interface IdentityCheck {
  readonly householdId: string;
  readonly revision: number;
  readonly facts: Facts;
}

/** The identity stream as claims read it: the decider's state, and when the store recorded the last claim. */
interface IdentityRead {
  state: IdentityState;
  lastClaimAt: string | null;
}

/** Identity events as stored: a claim's lease runs from when the store recorded it. */
type RecordedIdentityEvent = IdentityEvent & { recordedAt?: string };

const identityRead = {
  initialState: { state: identityDecider.initialState, lastClaimAt: null } as IdentityRead,
  evolve: (r: IdentityRead, e: RecordedIdentityEvent): IdentityRead => ({
    state: identityDecider.evolve(r.state, e),
    lastClaimAt: e.type === 'grid-records.identity.claimed' ? (e.recordedAt ?? r.lastClaimAt) : r.lastClaimAt,
  }),
};

const claimedAt = (r: IdentityRead): string | null => (r.state.holder ? r.lastClaimAt : null);

/** What the claim decider needs to know, and who the 409 names when it refuses. */
interface Facts {
  holder: Extract<IdentityCommand, { type: 'claim' }>['holder'];
  legacy: Extract<IdentityCommand, { type: 'claim' }>['legacy'];
  other: { householdId: string; status: 'member' | 'died'; since: IsoDate } | null;
  /** The person id the district knows this ID number by (a person keeps one id, and one key). */
  personId: string | null;
}

/**
 * One person, one household, decided in the event store (`identity-<idHash>`, domain identity/reservation.ts), not
 * in a read model that lags: a write that records people in a household claims each ID number first, with the
 * stream's expected revision, so of two registrations racing exactly one gets it; then it appends to the
 * household. The facts come from the holder's own household stream. A write that fails after claiming releases
 * what it claimed; should that release be lost too, the claim stops binding after the lease, because its
 * household never recorded the person. A release lost after a member left costs nothing: the household's stream
 * shows the person gone, and the next claim takes over at once.
 */
export class IdentityClaims {
  /**
   * Ids by revision: one request may claim, release and claim again on one stream (a retry after a failed write),
   * and a later claim must never be taken for the earlier one. A claim is answered once committed (`answerAt:
   * 'commit'`): the household's append that follows it, in the same store, is what is acknowledged, and whatever
   * makes that durable makes the claim durable too. Releases wait to be durable.
   */
  private readonly claims: CommandHandler<never, RecordedIdentityEvent, IdentityRead>;

  constructor(
    private readonly store: EventStore,
    /** Only for people registered before reservation streams existed (their stream is empty). */
    private readonly persons: PersonLookup,
    private readonly clock: Clock,
    /** Writes the rows of new numbers' references once claimed (and withdraws them if the write fails). */
    private readonly idRefs: Pick<IdRefs, 'record' | 'withdraw'>,
  ) {
    this.claims = new CommandHandler({ store, decider: identityRead, toEvent: toIdentityEvent, idsBy: 'revision' });
  }

  /**
   * Without writing: may this ID number join `householdId`? Throws PersonRegisteredElsewhere if not, and answers
   * the person id the district already knows it by. Early answers in request order; `reserving` decides.
   */
  async check(
    idHash: string,
    householdId: string,
    field: string,
    ctx: CommandContext,
  ): Promise<{ personId: string | null; checked: IdentityCheck }> {
    const { state: read, revision } = await this.claims.load(identityStream(idHash));
    const facts = await this.facts(idHash, householdId, read, revision);
    this.decide(
      this.claimCommand({ idHash, personId: facts.personId ?? 'unknown', field }, householdId, '0001-01-01', facts, ctx),
      read,
      field,
      facts,
    );
    return { personId: facts.personId, checked: { householdId, revision, facts } };
  }

  /**
   * Claims every person's ID number for `householdId`, then runs `write` (the household's append). If a claim is
   * refused, or the write fails, the claims made here are released again (when the household does not record
   * the person after all), and the error is thrown: the first refused person in request order.
   */
  async reserving<T>(householdId: string, requests: ClaimRequest[], on: IsoDate, ctx: CommandContext, write: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const outcomes = await Promise.allSettled(requests.map((r) => this.claim(r, householdId, on, ctx)));
    const made = requests.filter((_, i) => outcomes[i]!.status === 'fulfilled' && (outcomes[i] as PromiseFulfilledResult<boolean>).value);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (refused) {
      await this.releaseUnrecorded(householdId, made, on, ctx);
      throw refused.reason;
    }
    let rows: string[] = [];
    try {
      // A claim binds unrecorded for the lease only: a write that stalled half of it re-runs rather than risk a twin.
      if (performance.now() - started > CLAIM_LEASE_MS / 2 && made.length > 0) {
        throw new ConcurrencyError(identityStream(made[0]!.idHash), 'any', 'no-stream');
      }
      // New numbers get their key-file row only now, the claims holding them: a refused write leaves none.
      rows = await this.idRefs.record(requests.map((r) => r.idHash));
      return await write();
    } catch (error) {
      await this.undo(householdId, made, rows, on, ctx);
      throw error;
    }
  }

  /**
   * After the household's event (a member left, the household moved out, an ID number was corrected): releases
   * each ID number the household no longer records. Best effort: a release lost here stops binding by itself,
   * since the household's stream no longer records the person.
   */
  async releaseAll(
    householdId: string,
    people: { idHash: string; personId: string }[],
    cause: ReleaseCause,
    on: IsoDate,
    household: HouseholdState,
    ctx: CommandContext,
  ): Promise<void> {
    await Promise.allSettled(people.map((p) => this.release(p.idHash, householdId, p.personId, cause, on, household, ctx)));
  }

  private async claim(request: ClaimRequest, householdId: string, on: IsoDate, ctx: CommandContext): Promise<boolean> {
    const result = await this.claims.handle(
      identityStream(request.idHash),
      async (read, revision) => {
        // The facts `check` found, while the stream is as it read it (one read of the households less per person).
        const { checked } = request;
        const reuse = checked?.householdId === householdId && checked.revision === revision ? checked.facts : undefined;
        const facts = reuse ?? (await this.facts(request.idHash, householdId, read, revision));
        return this.decide(this.claimCommand(request, householdId, on, facts, ctx), read, request.field, facts);
      },
      ownRevision(ctx),
      { type: 'claim', answerAt: 'commit' },
    );
    return result.appended.length > 0;
  }

  private async release(
    idHash: string,
    householdId: string,
    personId: string,
    cause: ReleaseCause,
    on: IsoDate,
    household: HouseholdState,
    ctx: CommandContext,
  ): Promise<void> {
    const householdHolds = heldIdentity(household, idHash);
    if (householdHolds !== null) return; // the household records the person: the claim is theirs
    const command: IdentityCommand = { type: 'release', idHash, householdId, personId, cause, householdHolds, on, by: ctx.actor };
    await this.claims.handle(identityStream(idHash), (read) => identityDecider.decide(command, read.state), ownRevision(ctx), { type: 'release' });
  }

  /** Releases, after a failed write, the claims it made that the household's own stream does not record. */
  private async releaseUnrecorded(householdId: string, made: ClaimRequest[], on: IsoDate, ctx: CommandContext): Promise<void> {
    if (made.length === 0) return;
    const household = await this.household(householdId);
    await this.releaseAll(householdId, made, 'not-recorded', on, household, ctx);
  }

  /**
   * After a failed write: the key-file rows it wrote for references the household does not record, then its claims.
   * Rows first: while the claims hold, no other write can have taken up those references.
   */
  private async undo(householdId: string, made: ClaimRequest[], rows: string[], on: IsoDate, ctx: CommandContext): Promise<void> {
    if (rows.length > 0) {
      const recorded = new Set(Object.values((await this.household(householdId)).residents).map((r) => r.idHash));
      await this.idRefs.withdraw(rows.filter((ref) => !recorded.has(ref)));
    }
    await this.releaseUnrecorded(householdId, made, on, ctx);
  }

  private claimCommand(request: ClaimRequest, householdId: string, on: IsoDate, facts: Facts, ctx: CommandContext): IdentityCommand {
    const { idHash, personId } = request;
    return { type: 'claim', idHash, householdId, personId, holder: facts.holder, legacy: facts.legacy, on, by: ctx.actor };
  }

  /** The decision; the decider's "registered elsewhere" becomes the application's error naming the household. */
  private decide(command: IdentityCommand, read: IdentityRead, field: string, facts: Facts): IdentityEvent[] {
    try {
      return identityDecider.decide(command, read.state);
    } catch (error) {
      if (!(error instanceof Refusal) || error.rule !== 'registered-elsewhere' || !facts.other) throw error;
      throw new PersonRegisteredElsewhere(field, facts.other.householdId, facts.other.status, facts.other.since, facts.personId);
    }
  }

  /** The holder's standing from its own household stream; for an empty stream, the person index's household, checked the same way. */
  private async facts(idHash: string, householdId: string, read: IdentityRead, revision: number): Promise<Facts> {
    const { holder, personId } = read.state;
    if (holder && holder.householdId !== householdId) {
      const standing = standingIn(await this.household(holder.householdId), idHash);
      const claimAgeMs = Date.parse(this.clock.now()) - Date.parse(claimedAt(read) ?? this.clock.now());
      const status = standing.holds ?? 'member'; // unrecorded yet: a registration on its way
      const recorded = standing.holds ?? (standing.everRecorded ? 'left' : 'unrecorded');
      return {
        holder: { standing: recorded, claimAgeMs },
        legacy: null,
        other: { householdId: holder.householdId, status, since: standing.since ?? holder.since },
        personId,
      };
    }
    if (revision >= 0) return { holder: null, legacy: null, other: null, personId };
    const entry = await this.persons.byIdHash(idHash);
    if (!entry || entry.householdId === householdId) return { holder: null, legacy: null, other: null, personId: entry?.personId ?? null };
    const standing = standingIn(await this.household(entry.householdId), idHash);
    return {
      holder: null,
      legacy: { householdId: entry.householdId, holds: standing.holds },
      other: standing.holds ? { householdId: entry.householdId, status: standing.holds, since: standing.since! } : null,
      personId: entry.personId,
    };
  }

  private household(householdId: string): Promise<HouseholdState> {
    return readHousehold(this.store, householdId);
  }
}

/** Whether the household records the ID number, since when (joined, or died), and whether it ever did. */
function standingIn(s: HouseholdState, idHash: string): { holds: Held; since: IsoDate | null; everRecorded: boolean } {
  const holds = heldIdentity(s, idHash);
  if (holds === null) return { holds, since: null, everRecorded: Object.values(s.residents).some((r) => r.idHash === idHash) };
  const r = Object.values(s.residents).find((x) => x.idHash === idHash && x.leftOn === null && (holds === 'died') === (x.diedOn !== null))!;
  return { holds, since: holds === 'died' ? r.diedOn : r.joinedOn, everRecorded: true };
}

const toIdentityEvent = (e: AppendedEvent): RecordedIdentityEvent =>
  ({ type: e.type, data: e.data, occurredAt: e.occurredAt, recordedAt: e.recordedAt }) as RecordedIdentityEvent;

/** The caller's If-Match is the household's revision, not the identity stream's. */
function ownRevision(ctx: CommandContext): CommandContext {
  const { expectedRevision: _theHousehold, ...rest } = ctx;
  return rest;
}
