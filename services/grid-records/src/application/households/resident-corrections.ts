import { yearOf, type Sealed } from '@grid/contracts';
import { CommandHandler, newId, refused, settled, type Clock, type CommandContext, type EventStore, type ReadModelSync, type WriteResult } from '@grid/platform';
import {
  GB11643,
  checkIdNumber,
  decideHousehold,
  heldIdentity,
  householdDecider,
  type CorrectableField,
  type Corrections,
  type HouseholdCommand,
  type HouseholdEvent,
  type HouseholdState,
  type PendingCorrection,
  type ResidentState,
} from '../../domain';
import { foldHouseholdView, type MemberView } from '../../projections/households/household-view';
import type { IdRefs } from '../id-refs';
import { openBirthDate, personSubject, type PersonalDataVault } from '../personal-data';
import { householdStream } from '../streams';
import { foldHousehold } from './household-stream';
import type { IdentityClaims } from './identity-claims';

/** A correction as the API receives it: the new values in clear, only until sealed here. */
export interface CorrectionInput {
  name?: string;
  idNumber?: string;
  phone?: string;
  reason: string;
  /** Document reference (户口簿, 派出所证明 …): sealed, it may carry the ID number. */
  evidence?: string;
}

export interface CorrectionResult extends WriteResult {
  correctionId: string;
  /** `applied`: in the record now (a phone); `pending`: awaits an official (a name or ID number). */
  state: 'applied' | 'pending';
}

export interface CorrectionDeps {
  store: EventStore;
  vault: PersonalDataVault;
  idRefs: IdRefs;
  identities: IdentityClaims;
  clock: Clock;
  sync: ReadModelSync;
}

/**
 * 信息更正 of a resident's name, ID number or phone (domain household/decide-corrections.ts). The application compares
 * the new values with the record in clear (sealed values cannot be compared), derives birth date and sex from a new
 * ID number, seals everything under the person's key, and runs the decider. A confirmed ID number moves the
 * person's identity reservation: the new number is claimed before the correction is appended, the old one released
 * after (one person, one household, as for a registration).
 */
export class ResidentCorrections {
  private readonly households: CommandHandler<HouseholdCommand, HouseholdEvent, HouseholdState>;

  constructor(private readonly deps: CorrectionDeps) {
    this.households = new CommandHandler({ store: deps.store, decider: householdDecider });
  }

  async request(householdId: string, personId: string, input: CorrectionInput, ctx: CommandContext): Promise<CorrectionResult> {
    const correctionId = newId(ctx, 'correction');
    const events = await this.deps.store.readStream(householdStream(householdId));
    const state = foldHousehold(events);
    const member = foldHouseholdView(events)?.members.find((m) => m.personId === personId);
    const resident = state.residents[personId];
    const { corrected, unchanged } =
      member && resident ? await this.compare(member, resident, input) : { corrected: {}, unchanged: [] };
    // A new ID number for a person this household records: answer "registered elsewhere" now, not at the confirmation.
    if (corrected.idHash && resident && heldIdentity(state, resident.idHash) !== null) {
      await this.deps.identities.check(corrected.idHash, householdId, 'idNumber', ctx);
    }
    const sealed = await this.seal(personId, corrected, input.evidence);
    const reason = await this.deps.vault.seal(personSubject(personId), input.reason);
    const command: HouseholdCommand = {
      type: 'request-correction',
      personId,
      correctionId,
      corrected: sealed.corrected,
      unchanged,
      ...(corrected.birthDate ? { birthDate: corrected.birthDate } : {}),
      reason,
      ...(sealed.evidence ? { evidence: sealed.evidence } : {}),
      on: this.deps.clock.today(),
      by: ctx.actor,
    };
    const stream = householdStream(householdId);
    const append = () => this.households.handle(stream, command, ctx);
    const newIdHash = sealed.corrected.idHash;
    if (newIdHash) decideHousehold(command, state); // refusals before the new number's key-file row is written
    const result = newIdHash ? await this.deps.idRefs.recording([newIdHash], append) : await append();
    const pending = result.appended.some((e) => e.type === 'grid-records.resident.correction-requested');
    return { ...(await settled(householdId, result, this.deps.sync)), correctionId, state: pending ? 'pending' : 'applied' };
  }

  /** An official confirms (审查属实): a new ID number is claimed for the household first, the old one released after. */
  async confirm(householdId: string, personId: string, correctionId: string, ctx: CommandContext): Promise<WriteResult> {
    const stream = householdStream(householdId);
    const on = this.deps.clock.today();
    const { state } = await this.households.load(stream);
    const birthDate = await openBirthDate(this.deps.vault, personId, state.corrections[correctionId]?.corrected.birthDate);
    const command: HouseholdCommand = { type: 'confirm-correction', correctionId, personId, ...(birthDate ? { birthDate } : {}), on, by: ctx.actor };
    decideHousehold(command, state); // refusals before any claim
    const pending = state.corrections[correctionId]!;
    const resident = state.residents[pending.personId]!;
    const newHash = pending.corrected.idHash;
    if (!newHash || heldIdentity(state, resident.idHash) === null) return this.run(householdId, command, ctx);
    const claim = { idHash: newHash, personId: resident.personId, field: 'idNumber' };
    const result = await this.deps.identities.reserving(householdId, [claim], on, ctx, () => this.households.handle(stream, command, ctx));
    await this.deps.identities.releaseAll(
      householdId,
      [{ idHash: resident.idHash, personId: resident.personId }],
      'id-corrected',
      on,
      result.state,
      ctx,
    );
    return settled(householdId, result, this.deps.sync);
  }

  async reject(
    householdId: string,
    personId: string,
    correctionId: string,
    input: { reason: string },
    ctx: CommandContext,
  ): Promise<WriteResult> {
    const command: HouseholdCommand = {
      type: 'reject-correction',
      correctionId,
      personId,
      reason: await this.deps.vault.seal(personSubject(personId), input.reason),
      on: this.deps.clock.today(),
      by: ctx.actor,
    };
    return this.run(householdId, command, ctx);
  }

  /** Requests awaiting an official, for one person (or every person of the household). */
  async pending(householdId: string, personId?: string): Promise<PendingCorrection[]> {
    const { state } = await this.households.load(householdStream(householdId));
    return Object.values(state.corrections).filter((c) => personId === undefined || c.personId === personId);
  }

  private async run(householdId: string, command: HouseholdCommand, ctx: CommandContext): Promise<WriteResult> {
    return settled(householdId, await this.households.handle(householdStream(householdId), command, ctx), this.deps.sync);
  }

  /** The named fields that differ from the record, in clear, and those that do not (a no-op is refused by the decider). */
  private async compare(
    member: MemberView,
    recorded: ResidentState,
    input: CorrectionInput,
  ): Promise<{ corrected: ClearCorrections; unchanged: CorrectableField[] }> {
    const subject = personSubject(member.personId);
    const corrected: ClearCorrections = {};
    const unchanged: CorrectableField[] = [];
    if (input.name !== undefined) {
      const name = input.name.trim();
      if ((await this.deps.vault.open(subject, member.name)) === name) unchanged.push('name');
      else corrected.name = name;
    }
    if (input.phone !== undefined) {
      const recorded = member.phone === null ? null : await this.deps.vault.open(subject, member.phone);
      if (recorded === input.phone) unchanged.push('phone');
      else corrected.phone = input.phone;
    }
    if (input.idNumber !== undefined) {
      const checked = checkIdNumber(input.idNumber, this.deps.clock.today());
      if (!checked.ok) throw refused(checked.rule, checked.detail, { source: GB11643, field: 'idNumber' });
      const idHash = await this.deps.idRefs.of(checked.idNumber);
      if (idHash === recorded.idHash) unchanged.push('idNumber');
      else {
        // A birth date the record holds is no change (compared in clear: the record holds it sealed).
        const birthDate = await openBirthDate(this.deps.vault, member.personId, recorded.birthDate);
        Object.assign(corrected, { idNumber: checked.idNumber, idHash, sex: checked.sex, ...(birthDate === checked.birthDate ? {} : { birthDate: checked.birthDate }) });
      }
    }
    return { corrected, unchanged };
  }

  private async seal(
    personId: string,
    c: ClearCorrections,
    evidence: string | undefined,
  ): Promise<{ corrected: Corrections; evidence?: Sealed }> {
    const subject = personSubject(personId);
    const seal = (text: string | undefined) => (text === undefined ? undefined : this.deps.vault.seal(subject, text));
    const [name, idNumber, phone, birthDate, sealedEvidence] = await Promise.all([seal(c.name), seal(c.idNumber), seal(c.phone), seal(c.birthDate), seal(evidence)]);
    const corrected: Corrections = {
      ...(name ? { name } : {}),
      ...(idNumber ? { idNumber, idHash: c.idHash!, sex: c.sex! } : {}),
      ...(birthDate ? { birthDate, birthYear: yearOf(c.birthDate!) } : {}),
      ...(phone ? { phone } : {}),
    };
    return { corrected, ...(sealedEvidence ? { evidence: sealedEvidence } : {}) };
  }
}

/** Corrections in clear, before sealing. */
type ClearCorrections = { name?: string; idNumber?: string; phone?: string; idHash?: string; birthDate?: string; sex?: 'male' | 'female' };

