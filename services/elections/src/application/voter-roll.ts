import { newId, type CommandContext, type WriteResult } from '@grid/platform';
import { rollBasis } from '../domain/roll/eligibility';
import { Refusal } from '@grid/platform/decider';
import type { RollApplication, VoterFacts } from '../domain/types';
import type { ElectionView } from '../projections/elections.projection';
import type { ElectionCommands } from './election-commands';
import type { VoterFactsSource } from './voter-facts';

/** The roll's commands that need residents' facts: built from elections' own projection of grid-records' events. */
export class VoterRoll {
  constructor(
    private readonly commands: ElectionCommands,
    private readonly facts: VoterFactsSource,
  ) {}

  /** Registers every eligible resident of the community (those the rules refuse stay off), then publishes (Art 13–14). */
  async publish(election: ElectionView, on: string, ctx: CommandContext): Promise<WriteResult> {
    const { electionId } = election;
    if (!election.roll.publishedOn) {
      const voters = await this.eligible(election, on);
      if (voters.length > 0) await this.commands.step(electionId, { type: 'register-voters', on, voters }, { ...ctx, idSeed: ctx.idSeed && `${ctx.idSeed}:register` });
    }
    return this.commands.step(electionId, { type: 'publish-roll', on }, ctx);
  }

  /** 选民登记预览: how many the roll would hold if published on `on`, per group (counts only, no one named). */
  async preview(election: ElectionView, on: string): Promise<{ on: string; eligible: number; groups: Record<string, number> }> {
    const groups: Record<string, number> = {};
    const voters = await this.eligible(election, on);
    for (const v of voters) groups[v.group ?? ''] = (groups[v.group ?? ''] ?? 0) + 1;
    return { on, eligible: voters.length, groups };
  }

  /** The residents the rules put on the roll on `on` (those they refuse stay off). */
  private async eligible(election: ElectionView, on: string): Promise<VoterFacts[]> {
    const rules = await this.commands.rules(election.electionId);
    const applied = new Map((await this.commands.applications(election.electionId)).map((a) => [a.voterId, a]));
    return (await this.facts.community(election, on, rules.minVoterAge.value))
      .map((v) => withApplication(v, applied.get(v.voterId)))
      .filter((v) => !(rollBasis(v, election.votingDay, rules, election.electionId) instanceof Refusal));
  }

  /** Art 13 (2)/(3): the request or application of a person living away or registered elsewhere. */
  async apply(electionId: string, input: { voterId: string; kind: RollApplication['kind']; on: string }, ctx: CommandContext): Promise<WriteResult> {
    const applicationId = newId(ctx, 'application');
    const result = await this.commands.step(electionId, { type: 'file-roll-application', applicationId, ...input }, ctx);
    return { ...result, id: applicationId };
  }

  async raiseObjection(electionId: string, input: { kind: 'omitted' | 'wrongly-listed'; subjectId: string; on: string; grounds: string }, ctx: CommandContext): Promise<WriteResult> {
    const objectionId = newId(ctx, 'objection');
    const result = await this.commands.step(electionId, { type: 'raise-roll-objection', objectionId, ...input }, ctx);
    return { ...result, id: objectionId };
  }

  /**
   * An upheld omission puts the person on with their facts (the decider refuses one who is not eligible, naming the
   * rule): an away voter's objection is their request to take part (Art 13 (2)); a resident's application counts as filed.
   */
  async decideObjection(election: ElectionView, objectionId: string, input: { on: string; upheld: boolean; reason: string }, ctx: CommandContext): Promise<WriteResult> {
    const { electionId } = election;
    const subject = await this.commands.objectionSubject(electionId, objectionId);
    const minAge = (await this.commands.rules(electionId)).minVoterAge.value;
    const facts = input.upheld && subject?.kind === 'omitted' ? await this.facts.person(election, subject.subjectId, minAge) : null;
    const application = facts && (await this.commands.applications(electionId)).find((a) => a.voterId === facts.voterId);
    const voter = facts && subject ? withApplication(facts, application ?? { voterId: facts.voterId, kind: 'away-voter', filedOn: subject.raisedOn, decided: false, admittedOn: null }) : null;
    return this.commands.step(electionId, { type: 'decide-roll-objection', objectionId, ...input, ...(voter ? { voter } : {}) }, ctx);
  }
}

/** An application the roll rules read: asked on (away voter), applied and admitted on (resident registered elsewhere). */
function withApplication(v: VoterFacts, a: RollApplication | undefined): VoterFacts {
  if (!a) return v;
  if (a.kind === 'away-voter') return { ...v, askedOn: a.filedOn };
  return { ...v, appliedOn: a.filedOn, ...(a.admittedOn ? { admittedOn: a.admittedOn } : {}) };
}
