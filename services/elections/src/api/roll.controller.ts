import { Body, Controller, Inject, Param, Query } from '@nestjs/common';
import { inclusionProof } from '@grid/contracts';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, Route, conflict, notFound, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { ElectionsServices } from '../composition';
import { ElectionAccess } from './election-access';
import { ELECTION_READERS, ELECTION_RUNNERS, SERVICES } from './roles';
import { AdmissionBody, ApplicationBody, ApplicationParams, DecisionBody, ElectionParams, ObjectionBody, ObjectionParams, OnBody, OnQuery, ProofQuery, WriteResultSchema } from './schemas';

const TAGS = ['roll'];
type P = z.infer<typeof ElectionParams>;

/** 选民登记 the voter roll: publication, objections, freezing and the inclusion proof (Art 13–14). */
@Controller('v1/elections/:electionId/roll')
export class RollController {
  constructor(
    @Inject(SERVICES) private readonly services: ElectionsServices,
    @Inject(ElectionAccess) private readonly access: ElectionAccess,
  ) {}

  @Route({ method: 'GET', path: '', roles: ELECTION_READERS, tags: TAGS, summary: { zh: '选民名单', en: 'Read the roll' } })
  async read(@Param({ schema: ElectionParams }) p: P, @Caller() caller: Principal) {
    const election = await this.access.election(caller, p.electionId);
    return ok({ electionId: p.electionId, ...election.roll, entries: await this.services.roll.entries(p.electionId) });
  }

  @Route({ method: 'GET', path: 'eligible', roles: ELECTION_READERS, tags: TAGS, summary: { zh: '选民登记预览', en: 'How many the roll would hold if published on a day, per group' } })
  async eligible(@Param({ schema: ElectionParams }) p: P, @Query({ schema: OnQuery }) q: z.infer<typeof OnQuery>, @Caller() caller: Principal) {
    const election = await this.access.election(caller, p.electionId);
    return ok({ electionId: p.electionId, ...(await this.services.voterRoll.preview(election, q.on)) });
  }

  @Route({ method: 'POST', path: 'publish', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '公布选民名单', en: 'Publish the roll' }, response: WriteResultSchema })
  async publish(@Param({ schema: ElectionParams }) p: P, @Body({ schema: OnBody }) body: z.infer<typeof OnBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    const election = await this.access.election(caller, p.electionId);
    return ok(await this.services.voterRoll.publish(election, body.on, ctx));
  }

  @Route({ method: 'POST', path: 'objections', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '提出选民名单异议', en: 'Raise an objection to the roll' }, response: WriteResultSchema })
  async object(@Param({ schema: ElectionParams }) p: P, @Body({ schema: ObjectionBody }) body: z.infer<typeof ObjectionBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.election(caller, p.electionId);
    return ok(await this.services.voterRoll.raiseObjection(p.electionId, body, ctx));
  }

  @Route({ method: 'POST', path: 'objections/:objectionId/decision', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '处理选民名单异议', en: 'Decide an objection' }, response: WriteResultSchema })
  async decide(@Param({ schema: ObjectionParams }) p: z.infer<typeof ObjectionParams>, @Body({ schema: DecisionBody }) body: z.infer<typeof DecisionBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    const election = await this.access.election(caller, p.electionId);
    return ok(await this.services.voterRoll.decideObjection(election, p.objectionId, body, ctx));
  }

  @Route({
    method: 'POST',
    path: 'applications',
    roles: ELECTION_RUNNERS,
    tags: TAGS,
    summary: { zh: '登记参加选举的表示或申请', en: 'Record a request or application to take part' },
    description:
      'Art 13 (2): a voter registered here who lives away goes on the roll once they asked (`away-voter`). Art 13 (3): a resident registered elsewhere, living here a year by voting day, goes on once they applied (`resident`) and were admitted (`…/decision`). Before the roll is published (afterwards 422 `roll-published`: raise an objection).',
    response: WriteResultSchema,
  })
  async applyFor(@Param({ schema: ElectionParams }) p: P, @Body({ schema: ApplicationBody }) body: z.infer<typeof ApplicationBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.election(caller, p.electionId);
    return ok(await this.services.voterRoll.apply(p.electionId, body, ctx));
  }

  @Route({
    method: 'POST',
    path: 'applications/:applicationId/decision',
    roles: ELECTION_RUNNERS,
    tags: TAGS,
    summary: { zh: '登记村民会议或村民代表会议的同意与否', en: 'Record whether a resident’s application was admitted' },
    description: 'Art 13 (3): the committee records the decision of the villagers’ assembly or representatives, with a reason. An away voter’s request needs none (422 `no-admission-needed`).',
    response: WriteResultSchema,
  })
  async admit(@Param({ schema: ApplicationParams }) p: z.infer<typeof ApplicationParams>, @Body({ schema: AdmissionBody }) body: z.infer<typeof AdmissionBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.election(caller, p.electionId);
    return ok(await this.services.elections.step(p.electionId, { type: 'decide-roll-application', applicationId: p.applicationId, ...body }, ctx));
  }

  @Route({ method: 'POST', path: 'freeze', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '冻结选民名单并公布承诺', en: 'Freeze the roll and publish its commitment' }, response: WriteResultSchema })
  async freeze(@Param({ schema: ElectionParams }) p: P, @Body({ schema: OnBody }) body: z.infer<typeof OnBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.election(caller, p.electionId);
    return ok(await this.services.elections.step(p.electionId, { type: 'freeze-roll', on: body.on }, ctx));
  }

  @Route({ method: 'GET', path: 'proof', roles: ELECTION_READERS, tags: TAGS, summary: { zh: '选民名单包含证明', en: 'Inclusion proof of one entry' } })
  async proof(@Param({ schema: ElectionParams }) p: P, @Query({ schema: ProofQuery }) q: z.infer<typeof ProofQuery>, @Caller() caller: Principal) {
    const election = await this.access.election(caller, p.electionId);
    if (!election.roll.root) throw conflict('roll-not-frozen', 'a proof exists once the roll is frozen');
    const proof = inclusionProof((await this.services.roll.entries(p.electionId)).map((e) => e.entryHash), q.entry);
    if (!proof) throw notFound();
    return ok(proof);
  }
}
