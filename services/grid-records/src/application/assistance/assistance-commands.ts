import { CommandHandler, newId, refused, settled, type CommandContext, type EventStore, type ReadModelSync, type WriteResult } from '@grid/platform';
import {
  PROGRAMS,
  assistanceDecider,
  caseStream,
  standardsFor,
  type AssistanceCommand,
  type AssistanceEvent,
  type AssistanceState,
  type GrantStart,
  type IsoDate,
  type StandardsSet,
} from '../../domain';
import type { HouseholdView } from '../../projections/households/household-view';
import type { HouseholdQueries } from '../households/household-queries';
import type { HorizonSource } from '../horizon';
import { householdSubject, personSubject, type PersonalDataVault } from '../personal-data';
import { commandOf, type CaseStep, type OpenCase } from './case-steps';
import type { EligibilityFactsReader } from './eligibility-facts';

export interface AssistanceDeps {
  store: EventStore;
  vault: PersonalDataVault;
  households: HouseholdQueries;
  facts: EligibilityFactsReader;
  horizon: HorizonSource;
  /** 保障标准: each says from when a grant takes effect (`grantStart`). */
  standards: readonly StandardsSet[];
  sync: ReadModelSync;
}

/** A step's answer; an objection also names the id its decision will quote. */
export type StepResult = WriteResult & { objectionId?: string };

const livingMembers = (h: HouseholdView, on: IsoDate): string[] =>
  h.members.filter((m) => m.joinedOn <= on && m.leftOn === null && m.diedOn === null).map((m) => m.personId);

/**
 * Assistance cases (救助/福利 statuses), one stream per case `assistance-<caseId>`, from 申请 to the status' end.
 * `open` gathers the eligibility facts from the read models, seals personal data, and applies; `step` takes one
 * step of the lifecycle (home check, review, notice, approval, class change …). The decider names every refusal.
 */
export class AssistanceCommands {
  private readonly cases: CommandHandler<AssistanceCommand, AssistanceEvent, AssistanceState>;

  constructor(private readonly deps: AssistanceDeps) {
    this.cases = new CommandHandler({ store: deps.store, decider: assistanceDecider });
  }

  /** 申请 for a household or one of its members; answers the new case's id. */
  async open(householdId: string, input: OpenCase, ctx: CommandContext): Promise<WriteResult> {
    const household = await this.deps.households.view(householdId);
    if (!household) throw refused('unknown-household', 'no such household', { field: 'householdId' });
    if (household.status !== 'active')
      throw refused('household-closed', `the household's record is ${household.status}`, { field: 'householdId' });
    const def = PROGRAMS[input.program];
    const personId = def.subject === 'person' ? (input.personId ?? null) : null;
    // By default a household status covers the living members, but not one supported as 特困 (no double benefit).
    const members = livingMembers(household, input.appliedOn);
    const exclude = def.subject === 'household' && !input.coveredPersonIds ? await this.deps.facts.underExtremePoverty(members, input.appliedOn) : [];
    const covered = def.subject === 'household' ? (input.coveredPersonIds ?? members.filter((id) => !exclude.includes(id))) : [];
    const facts = await this.deps.facts.gather(household, { program: input.program, personId, coveredPersonIds: covered }, input.appliedOn);
    const caseId = newId(ctx, 'assistance-case');
    const { caregiverAgreement, personId: _p, coveredPersonIds: _c, ...rest } = input;
    // The caregiver's name is personal data: sealed under the person cared for, whose record it belongs to.
    const agreement = caregiverAgreement && {
      ...caregiverAgreement,
      caregiverName: await this.deps.vault.seal(
        personId ? personSubject(personId) : householdSubject(householdId),
        caregiverAgreement.caregiverName,
      ),
    };
    const command: AssistanceCommand = {
      type: 'apply',
      caseId,
      householdId,
      ...rest,
      // A household program given a person, or a person program without one, is the decider's to refuse.
      ...(input.personId !== undefined ? { personId: input.personId } : {}),
      ...(def.subject === 'household' ? { coveredPersonIds: covered } : {}),
      ...(agreement ? { caregiverAgreement: agreement } : {}),
      facts,
      by: ctx.actor,
      horizon: this.deps.horizon(),
    };
    const { expectedRevision: _ignored, ...fresh } = ctx; // a new case has no version to match
    return settled(caseId, await this.cases.handle(caseStream(caseId), command, fresh), this.deps.sync);
  }

  /** One step of the case; `ctx.expectedRevision` (If-Match) guards it against a step taken meanwhile. */
  async step(caseId: string, input: CaseStep, ctx: CommandContext): Promise<StepResult> {
    const note = input.step === 'home-check' && input.note !== undefined ? await this.sealNote(caseId, input.note) : undefined;
    const objectionId = input.step === 'objection' ? (input.objectionId ?? newId(ctx, 'objection')) : '';
    const stepped = commandOf(input, ctx.actor, { ...(note ? { note } : {}), objectionId, horizon: this.deps.horizon() });
    const command = stepped.type === 'approve' ? { ...stepped, ...(await this.grantStart(caseId, stepped.decidedOn)) } : stepped;
    const result = await this.cases.handle(caseStream(caseId), command, input.reason ? { ...ctx, reason: input.reason } : ctx);
    const written = await settled(caseId, result, this.deps.sync);
    return input.step === 'objection' ? { ...written, objectionId } : written;
  }

  /** The case as its stream says (null when it was never opened). */
  async state(caseId: string): Promise<AssistanceState | null> {
    const { state } = await this.cases.load(caseStream(caseId));
    return state.stage === 'none' ? null : state;
  }

  /** The start rule of the standards in force in the case's district on the decision day, when a set is. */
  private async grantStart(caseId: string, decidedOn: IsoDate): Promise<{ grantStart?: GrantStart }> {
    const state = await this.state(caseId);
    const sets = this.deps.standards.filter((s) => s.effectiveFrom <= decidedOn && (s.regionId === '*' || s.regionId === state?.districtId));
    if (!state || sets.length === 0) return {};
    return { grantStart: standardsFor(this.deps.standards, state.districtId, decidedOn).grantStart };
  }

  /** A home check's note describes the home: sealed under the household's key (the convention for notes). */
  private async sealNote(caseId: string, note: string) {
    const state = await this.state(caseId);
    if (!state) throw refused('unknown-case', 'no such assistance case');
    return this.deps.vault.seal(householdSubject(state.householdId), note);
  }
}
