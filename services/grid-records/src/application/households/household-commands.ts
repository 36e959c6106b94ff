import type { Registration } from '@grid/contracts';
import { CommandHandler, newId, refused, settled, type Clock, type CommandContext, type EventStore, type ReadModelSync, type WriteResult } from '@grid/platform';
import {
  decideHousehold,
  disclosureDecider,
  followUpDecider,
  type FollowUpCommand,
  type FollowUpEvent,
  householdDecider,
  initialHousehold,
  type DeathEvidence,
  type DisabilityKind,
  type DisclosureCommand,
  type DisclosureEvent,
  type HouseholdCommand,
  type HouseholdEvent,
  type HouseholdState,
  type IsoDate,
} from '../../domain';
import type { RegionTree } from '../../projections/regions/region-tree';
import type { HorizonSource } from '../horizon';
import { householdSubject, openBirthDate, openField, personSubject, type PersonalDataVault } from '../personal-data';
import type { RegionCommands } from '../regions/region-commands';
import { householdStream } from '../streams';
import type { ClaimRequest, IdentityClaims } from './identity-claims';
import type { IdentifiedResident, NewResident, People } from './people';

export interface RegisterHousehold {
  gridId: string;
  buildingId?: string;
  address: string;
  registration: Registration;
  members: NewResident[];
  on: IsoDate;
}

type Removal = Extract<HouseholdCommand, { type: 'remove-member' }>['reason'];

export interface HouseholdDeps {
  store: EventStore;
  vault: PersonalDataVault;
  people: People;
  identities: IdentityClaims;
  regions: RegionCommands;
  tree: RegionTree;
  clock: Clock;
  horizon: HorizonSource;
  sync: ReadModelSync;
}

/**
 * Households and their residents (户, 居民). Each method gathers what its decider needs (grid facts, sealed
 * members), then runs the decider through the platform's CommandHandler: read → fold → decide → append, retried
 * on a concurrent write, If-Match honoured. A write that records people claims their ID numbers first
 * (`IdentityClaims.reserving`: one person, one household); a member leaving or a move-out releases them.
 */
export class HouseholdCommands {
  private readonly households: CommandHandler<HouseholdCommand, HouseholdEvent, HouseholdState>;
  private readonly disclosures: CommandHandler<DisclosureCommand, HouseholdEvent | DisclosureEvent, HouseholdState>;
  private readonly followUps: CommandHandler<FollowUpCommand, HouseholdEvent | FollowUpEvent, HouseholdState>;

  constructor(private readonly deps: HouseholdDeps) {
    this.households = new CommandHandler({ store: deps.store, decider: householdDecider });
    this.disclosures = new CommandHandler({ store: deps.store, decider: disclosureDecider });
    this.followUps = new CommandHandler({ store: deps.store, decider: followUpDecider });
  }

  async register(input: RegisterHousehold, ctx: CommandContext): Promise<WriteResult> {
    const householdId = newId(ctx, 'household');
    const grid = await this.deps.regions.assertOpenGrid(input.gridId, 'gridId');
    if (input.buildingId) await this.assertBuildingIn(input.buildingId, input.gridId);
    // Identified one after another, as before (checks and errors in member order); then every field is
    // sealed at once, so the data keys of all members and the household are created in one tick and
    // committed by the document store in one transaction.
    const identified: IdentifiedResident[] = [];
    for (const [i, resident] of input.members.entries())
      identified.push(await this.deps.people.identify(resident, householdId, `members.${i}`, ctx));
    const [address, ...members] = await Promise.all([
      this.deps.vault.seal(householdSubject(householdId), input.address),
      ...identified.map((resident) => this.deps.people.sealIdentified(resident)),
    ]);
    const { buildingId, address: _clear, members: _residents, ...rest } = input;
    const nodes = [{ regionId: input.gridId, field: 'gridId' }, ...(buildingId ? [{ regionId: buildingId, field: 'buildingId' }] : [])];
    const command: HouseholdCommand = {
      type: 'register',
      householdId,
      gridOpenedOn: grid.openedOn,
      ...rest,
      ...(buildingId ? { buildingId } : {}),
      address,
      members,
      birthDates: Object.fromEntries(identified.map((r) => [r.personId, r.birthDate])),
      registeredElsewhere: [], // the identity claims decide it (IdentityClaims), before the append
      by: ctx.actor,
    };
    const { expectedRevision: _ignored, ...fresh } = ctx; // a new household has no version to match
    const claims = members.map((m, i) => ({
      idHash: m.idHash,
      personId: m.personId,
      field: `members.${i}.idNumber`,
      checked: identified[i]!.checked,
    }));
    // Asked on an empty household: the id is new (a keyed retry's household exists, and its append refuses it).
    return this.recording(householdId, command, claims, input.on, fresh, initialHousehold, nodes);
  }

  async addMember(
    householdId: string,
    input: { member: NewResident; on: IsoDate },
    ctx: CommandContext,
  ): Promise<WriteResult & { personId: string }> {
    const identified = await this.deps.people.identify(input.member, householdId, 'member', ctx);
    const member = await this.deps.people.sealIdentified(identified);
    const command: HouseholdCommand = { type: 'add-member', member, birthDate: identified.birthDate, registeredElsewhere: false, on: input.on, by: ctx.actor };
    const claims = [{ idHash: member.idHash, personId: member.personId, field: 'member.idNumber', checked: identified.checked }];
    const result = await this.recording(householdId, command, claims, input.on, ctx);
    return { ...result, personId: member.personId };
  }

  /** A member leaves alive (迁出本户): their ID number is free for another household of the district. */
  async removeMember(
    householdId: string,
    personId: string,
    input: { reason: Removal; on: IsoDate },
    ctx: CommandContext,
  ): Promise<WriteResult> {
    const result = await this.households.handle(
      householdStream(householdId),
      this.dated({ type: 'remove-member', personId, ...input, by: ctx.actor }),
      ctx,
    );
    const left = result.state.residents[personId];
    if (result.appended.length > 0 && left) {
      await this.deps.identities.releaseAll(householdId, [left], 'member-removed', input.on, result.state, ctx);
    }
    return settled(householdId, result, this.deps.sync);
  }

  changeHead(householdId: string, input: { personId: string; on: IsoDate }, ctx: CommandContext): Promise<WriteResult> {
    return this.run(householdId, { type: 'change-head', ...input, by: ctx.actor }, ctx);
  }

  async transfer(
    householdId: string,
    input: { toGridId: string; buildingId?: string; on: IsoDate },
    ctx: CommandContext,
  ): Promise<WriteResult> {
    const grid = await this.deps.regions.assertOpenGrid(input.toGridId, 'toGridId');
    if (input.buildingId) await this.assertBuildingIn(input.buildingId, input.toGridId);
    const nodes = [{ regionId: input.toGridId, field: 'toGridId' }, ...(input.buildingId ? [{ regionId: input.buildingId, field: 'buildingId' }] : [])];
    const command = this.dated({ type: 'transfer', ...input, toGridOpenedOn: grid.openedOn, by: ctx.actor });
    const stream = householdStream(householdId);
    decideHousehold(command, (await this.households.load(stream)).state); // a refusal costs no admission
    const result = await this.deps.regions.admitting(householdId, nodes, input.on, ctx, () => this.households.handle(stream, command, ctx));
    return settled(householdId, result, this.deps.sync);
  }

  /**
   * 迁出: the living members leave the district with the household, and their ID numbers are released. Members who
   * died here stay recorded here (`heldIdentity`): their ID numbers are not free for a new registration.
   */
  async moveOut(householdId: string, input: { on: IsoDate }, ctx: CommandContext): Promise<WriteResult> {
    const result = await this.households.handle(householdStream(householdId), this.dated({ type: 'move-out', on: input.on, by: ctx.actor }), ctx);
    const moved = result.appended.find((e) => e.type === 'grid-records.household.moved-out');
    const memberIds = (moved?.data as { memberIds?: string[] } | undefined)?.memberIds ?? [];
    const people = memberIds.map((id) => result.state.residents[id]).filter((r) => r !== undefined);
    await this.deps.identities.releaseAll(householdId, people, 'moved-out', input.on, result.state, ctx);
    return settled(householdId, result, this.deps.sync);
  }

  /** 死亡: `diedOn` is the effective date, however long before today it is recorded (seed 002). */
  async recordDeath(
    householdId: string,
    personId: string,
    input: { diedOn: IsoDate; evidence: DeathEvidence; newHeadId?: string },
    ctx: CommandContext,
  ): Promise<WriteResult> {
    const birthDate = await this.birthDateOf(householdId, personId);
    return this.run(householdId, { type: 'record-death', personId, ...input, ...(birthDate ? { birthDate } : {}), by: ctx.actor }, ctx);
  }

  /**
   * 撤销死亡登记 by an official: the document reference is sealed under the person's key (it may carry the ID number).
   * The person's ID number then binds as a living member's (`heldIdentity` follows the state: no claim to write).
   * Statuses the death ended stay ended: a new application, after a person reviewed the interval's payments.
   */
  async revokeDeath(
    householdId: string,
    personId: string,
    input: { reason: string; evidence: string; on?: IsoDate },
    ctx: CommandContext,
  ): Promise<WriteResult> {
    const subject = personSubject(personId);
    const on = input.on ?? this.deps.clock.today();
    // The same revocation again (a client's retry) carries the reason as recorded, so the decider knows it for one.
    const last = (await this.households.load(householdStream(householdId))).state.residents[personId]?.revokedDeath;
    const same = last && last.on === on && (await openField(this.deps.vault, subject, last.reason)) === input.reason;
    const [reason, evidence] = await Promise.all([
      same && typeof last.reason !== 'string' ? last.reason : this.deps.vault.seal(subject, input.reason),
      this.deps.vault.seal(subject, input.evidence),
    ]);
    return this.run(householdId, { type: 'revoke-death', personId, reason, evidence, on, by: ctx.actor }, ctx);
  }

  async certifyDisability(
    householdId: string,
    personId: string,
    input: { kind: DisabilityKind; grade: number; certificateNo?: string; certifiedOn: IsoDate },
    ctx: CommandContext,
  ): Promise<WriteResult> {
    const { certificateNo, ...rest } = input;
    const subject = personSubject(personId);
    // Kind and grade are health data (个人信息保护法 第二十八条); the certificate number embeds the 身份证 number.
    const [kind, grade, sealedNo, birthDate] = await Promise.all([
      this.deps.vault.seal(subject, input.kind),
      this.deps.vault.seal(subject, String(input.grade)),
      certificateNo === undefined ? undefined : this.deps.vault.seal(subject, certificateNo),
      this.birthDateOf(householdId, personId),
    ]);
    const command: HouseholdCommand = {
      type: 'certify-disability',
      personId,
      ...rest,
      sealed: { kind, grade },
      ...(sealedNo ? { certificateNo: sealedNo } : {}),
      ...(birthDate ? { birthDate } : {}),
      by: ctx.actor,
    };
    return this.run(householdId, command, ctx);
  }

  /** The person's birth date in clear for a command's rules (the household's record holds it sealed). */
  private async birthDateOf(householdId: string, personId: string): Promise<IsoDate | undefined> {
    const recorded = (await this.households.load(householdStream(householdId))).state.residents[personId]?.birthDate;
    return openBirthDate(this.deps.vault, personId, recorded);
  }

  /**
   * 查阅留痕: records that the caller is about to see the members' data in clear, before showing it. Not bound
   * to the caller's If-Match: a read has no version to match, and the record must never be lost to a race.
   */
  async recordReveal(
    householdId: string,
    input: { view: DisclosureCommand['view']; reason: string },
    ctx: CommandContext,
  ): Promise<WriteResult> {
    const { expectedRevision: _ignored, idSeed: _keyed, ...read } = ctx;
    const result = await this.disclosures.handle(
      householdStream(householdId),
      { type: 'reveal-personal-data', ...input, at: this.deps.clock.now(), by: ctx.actor },
      read,
    );
    return settled(householdId, result, this.deps.sync);
  }

  /**
   * Records on the household that holds a person a registration of them refused outside its scope, for its officials
   * to follow up (the caller's own If-Match and Idempotency-Key are about another household).
   */
  async noteRefusedRegistration(householdId: string, input: { personId: string | null; standing: FollowUpCommand['standing'] }, ctx: CommandContext): Promise<void> {
    const { expectedRevision: _theirs, idSeed: _keyed, ...own } = ctx;
    await this.followUps.handle(householdStream(householdId), { type: 'note-refused-registration', ...input, on: this.deps.clock.today(), by: ctx.actor }, own);
  }

  /**
   * A write that records people: the decider is asked first (a refusal costs no claim), then each ID number is
   * claimed, then a new household admitted to its grid and building (`nodes`), then the household's event
   * appended; a failed append leaves no claim or admission binding.
   */
  private async recording(
    householdId: string,
    command: HouseholdCommand,
    claims: ClaimRequest[],
    on: IsoDate,
    ctx: CommandContext,
    current?: HouseholdState,
    nodes: { regionId: string; field: string }[] = [],
  ): Promise<WriteResult> {
    const stream = householdStream(householdId);
    const dated = this.dated(command);
    decideHousehold(dated, current ?? (await this.households.load(stream)).state);
    const append = () => this.households.handle(stream, dated, ctx);
    const write = nodes.length === 0 ? append : () => this.deps.regions.admitting(householdId, nodes, on, ctx, append);
    const result = await this.deps.identities.reserving(householdId, claims, on, ctx, write);
    return settled(householdId, result, this.deps.sync);
  }

  private async run(householdId: string, command: HouseholdCommand, ctx: CommandContext): Promise<WriteResult> {
    const result = await this.households.handle(householdStream(householdId), this.dated(command), ctx);
    return settled(householdId, result, this.deps.sync);
  }

  private dated(command: HouseholdCommand): HouseholdCommand {
    return { ...command, horizon: this.deps.horizon() };
  }

  private async assertBuildingIn(buildingId: string, gridId: string): Promise<void> {
    const building = await this.deps.tree.node(buildingId);
    if (!building || building.level !== 'building' || !building.path.includes(gridId)) {
      throw refused('building-not-in-grid', 'the building is not a building of that grid', { field: 'buildingId' });
    }
    // A building that was closed (撤销/合并) takes no new households, like a closed grid.
    if (building.status !== 'open')
      throw refused('building-closed', `building ${buildingId} was closed on ${building.closedOn}`, { field: 'buildingId' });
  }
}
