import { CommandHandler, newId, settled, type CommandContext, type EventStore, type ReadModelSync, type WriteResult } from '@grid/platform';
import { memberDecider, type MemberCommand, type MemberEvent, type MemberState } from '../domain/consortium/member';

export const memberStream = (memberId: string): string => `consortium-${memberId}`;

type WithoutBy<C> = C extends unknown ? Omit<C, 'by'> : never;
export type JoinMember = Omit<Extract<MemberCommand, { type: 'join' }>, 'type' | 'memberId' | 'by'>;
export type MemberStep = WithoutBy<Exclude<MemberCommand, { type: 'join' | 'deliver-benefit-list' }>>;
export type DeliverBenefitList = Omit<Extract<MemberCommand, { type: 'deliver-benefit-list' }>, 'type' | 'deliveryId' | 'by'>;

/** 助联体 members: join (入驻), suspend, reinstate, leave, deliver 幸福清单. */
export class MemberCommands {
  private readonly handler: CommandHandler<MemberCommand, MemberEvent, MemberState>;

  constructor(
    store: EventStore,
    private readonly sync: ReadModelSync,
  ) {
    this.handler = new CommandHandler({ store, decider: memberDecider });
  }

  async join(input: JoinMember, ctx: CommandContext): Promise<WriteResult> {
    const memberId = newId(ctx, 'member');
    return this.run(memberId, { type: 'join', memberId, ...input, by: ctx.actor }, ctx);
  }

  async step(memberId: string, cmd: MemberStep, ctx: CommandContext): Promise<WriteResult> {
    return this.run(memberId, { ...cmd, by: ctx.actor }, ctx);
  }

  async deliverBenefitList(memberId: string, input: DeliverBenefitList, ctx: CommandContext): Promise<WriteResult & { deliveryId: string }> {
    const deliveryId = newId(ctx, 'benefit-list');
    return { ...(await this.run(memberId, { type: 'deliver-benefit-list', deliveryId, ...input, by: ctx.actor }, ctx)), deliveryId };
  }

  private async run(memberId: string, cmd: MemberCommand, ctx: CommandContext): Promise<WriteResult> {
    return settled(memberId, await this.handler.handle(memberStream(memberId), cmd, ctx), this.sync);
  }
}
