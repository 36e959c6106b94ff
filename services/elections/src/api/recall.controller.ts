import { Body, Controller, Inject, Param } from '@nestjs/common';
import { newId, type CommandContext } from '@grid/platform';
import { Caller, Ctx, Route, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { ElectionsServices } from '../composition';
import { ElectionAccess } from './election-access';
import { ELECTION_RUNNERS, SERVICES } from './roles';
import { DefenceBody, ElectionParams, RecallBody, RecallParams, RecallVoteBody, WriteResultSchema } from './schemas';

const TAGS = ['recall'];

/** 罢免 (Art 16): the request with its signatures and reasons, the member's defence, and the vote's count. */
@Controller('v1/elections/:electionId/recalls')
export class RecallController {
  constructor(
    @Inject(SERVICES) private readonly services: ElectionsServices,
    @Inject(ElectionAccess) private readonly access: ElectionAccess,
  ) {}

  @Route({ method: 'POST', path: '', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '提出罢免要求', en: 'Request a recall' }, response: WriteResultSchema })
  async request(@Param({ schema: ElectionParams }) p: z.infer<typeof ElectionParams>, @Body({ schema: RecallBody }) body: z.infer<typeof RecallBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.election(caller, p.electionId);
    const recallId = newId(ctx, 'recall');
    const result = await this.services.elections.step(p.electionId, { type: 'request-recall', recallId, ...body }, ctx);
    return ok({ ...result, id: recallId });
  }

  @Route({ method: 'POST', path: ':recallId/defence', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '记录被罢免人申辩意见', en: 'Record the member’s defence' }, response: WriteResultSchema })
  async defence(@Param({ schema: RecallParams }) p: z.infer<typeof RecallParams>, @Body({ schema: DefenceBody }) body: z.infer<typeof DefenceBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.election(caller, p.electionId);
    return ok(await this.services.elections.step(p.electionId, { type: 'hear-recall-defence', recallId: p.recallId, ...body }, ctx));
  }

  @Route({ method: 'POST', path: ':recallId/vote', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '录入罢免表决结果', en: 'Record the recall vote' }, response: WriteResultSchema })
  async vote(@Param({ schema: RecallParams }) p: z.infer<typeof RecallParams>, @Body({ schema: RecallVoteBody }) body: z.infer<typeof RecallVoteBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.election(caller, p.electionId);
    return ok(await this.services.elections.step(p.electionId, { type: 'record-recall-vote', recallId: p.recallId, ...body }, ctx));
  }
}
