import { CommandHandler, newId, settled, type CommandContext, type EventStore, type ReadModelSync, type WriteResult } from '@grid/platform';
import { noticeDecider } from '../domain/notice';

export const noticeStream = (noticeId: string): string => `notice-${noticeId}`;

/** The write side: each method one command through the decider; it answers once the read models hold it. */
export class NoticeCommands {
  private readonly handler: CommandHandler<Parameters<typeof noticeDecider.decide>[0], ReturnType<typeof noticeDecider.decide>[number], ReturnType<typeof noticeDecider.evolve>>;

  constructor(
    store: EventStore,
    private readonly sync: ReadModelSync,
  ) {
    this.handler = new CommandHandler({ store, decider: noticeDecider });
  }

  async post(input: { regionId: string; title: string; on: string }, ctx: CommandContext): Promise<WriteResult> {
    const noticeId = newId(ctx, 'notice');
    const result = await this.handler.handle(noticeStream(noticeId), { type: 'post', noticeId, ...input }, ctx);
    return settled(noticeId, result, this.sync);
  }
}
