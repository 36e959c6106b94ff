import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, RegionScope, Route, created, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { ElectionsServices } from '../composition';
import { NATIONAL_BASE, hunan } from '../domain/rules/rule-sets';
import { ElectionAccess } from './election-access';
import { turnout } from './turnout';
import { ELECTION_READERS, ELECTION_RUNNERS, SERVICES } from './roles';
import { AuditBody, CandidatesBody, CommitteeMemberBody, CreateElectionBody, ElectionParams, MemberParams, NominationBody, OnBody, ProxyBody, ReleaseBody, WriteResultSchema } from './schemas';

const TAGS = ['elections'];
type P = z.infer<typeof ElectionParams>;

/** 换届选举: the call, the audit, candidates, proxies and the result; parse → authorise → command → answer. */
@Controller('v1/elections')
export class ElectionsController {
  constructor(
    @Inject(SERVICES) private readonly services: ElectionsServices,
    @Inject(RegionScope) private readonly scope: RegionScope,
    @Inject(ElectionAccess) private readonly access: ElectionAccess,
  ) {}

  @Route({ method: 'POST', path: '', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '发布选举公告', en: 'Call an election' }, response: WriteResultSchema })
  async create(@Body({ schema: CreateElectionBody }) body: z.infer<typeof CreateElectionBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.scope.assertWithin(caller, body.regionId);
    const { ruleSet, ...rest } = body;
    const rules = ruleSet === 'hunan' ? hunan(body.kind) : NATIONAL_BASE[body.kind];
    const result = await this.services.elections.create({ ...rest, ruleSet: rules }, ctx);
    return created(result, { location: `/v1/elections/${result.id}`, revision: result.revision });
  }

  @Route({ method: 'GET', path: ':electionId', roles: ELECTION_READERS, tags: TAGS, summary: { zh: '查看选举', en: 'Read an election' } })
  async read(@Param({ schema: ElectionParams }) p: P, @Caller() caller: Principal) {
    return ok(await this.access.election(caller, p.electionId));
  }

  @Route({ method: 'POST', path: ':electionId/audit', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '记录清理审计', en: 'Record the pre-election audit' }, response: WriteResultSchema })
  async audit(@Param({ schema: ElectionParams }) p: P, @Body({ schema: AuditBody }) body: z.infer<typeof AuditBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    return this.step(p, caller, ctx, { type: 'record-audit', ...body });
  }

  @Route({ method: 'POST', path: ':electionId/committee', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '推选选举委员会成员', en: 'Appoint an election committee member' }, response: WriteResultSchema })
  async appoint(@Param({ schema: ElectionParams }) p: P, @Body({ schema: CommitteeMemberBody }) body: z.infer<typeof CommitteeMemberBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    return this.step(p, caller, ctx, { type: 'appoint-committee-member', ...body });
  }

  @Route({ method: 'POST', path: ':electionId/committee/:memberId/release', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '选举委员会成员退出', en: 'Release an election committee member' }, response: WriteResultSchema })
  async release(@Param({ schema: MemberParams }) p: z.infer<typeof MemberParams>, @Body({ schema: ReleaseBody }) body: z.infer<typeof ReleaseBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    return this.step(p, caller, ctx, { type: 'release-committee-member', memberId: p.memberId, ...body });
  }

  @Route({ method: 'POST', path: ':electionId/nominations', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '提名候选人', en: 'Nominate a candidate' }, response: WriteResultSchema })
  async nominate(@Param({ schema: ElectionParams }) p: P, @Body({ schema: NominationBody }) body: z.infer<typeof NominationBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    return this.step(p, caller, ctx, { type: 'nominate', ...body });
  }

  @Route({ method: 'POST', path: ':electionId/candidates/publish', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '公布正式候选人', en: 'Publish the candidates' }, response: WriteResultSchema })
  async publishCandidates(@Param({ schema: ElectionParams }) p: P, @Body({ schema: CandidatesBody }) body: z.infer<typeof CandidatesBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    return this.step(p, caller, ctx, { type: 'publish-candidates', ...body });
  }

  @Route({ method: 'POST', path: ':electionId/proxies', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '登记委托投票', en: 'Record a proxy authorisation' }, response: WriteResultSchema })
  async proxy(@Param({ schema: ElectionParams }) p: P, @Body({ schema: ProxyBody }) body: z.infer<typeof ProxyBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    return this.step(p, caller, ctx, { type: 'authorise-proxy', ...body });
  }

  @Route({ method: 'POST', path: ':electionId/proxies/publish', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '公布委托投票名单', en: 'Publish the proxies' }, response: WriteResultSchema })
  async publishProxies(@Param({ schema: ElectionParams }) p: P, @Body({ schema: OnBody }) body: z.infer<typeof OnBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    return this.step(p, caller, ctx, { type: 'publish-proxies', ...body });
  }

  @Route({ method: 'POST', path: ':electionId/result', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '当场公布选举结果', en: 'Declare the round’s result' }, response: WriteResultSchema })
  async result(@Param({ schema: ElectionParams }) p: P, @Body({ schema: OnBody }) body: z.infer<typeof OnBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    return this.step(p, caller, ctx, { type: 'declare-round', ...body });
  }

  @Route({ method: 'GET', path: ':electionId/turnout', roles: ELECTION_READERS, tags: TAGS, summary: { zh: '参选率', en: 'Turnout per station' } })
  async turnout(@Param({ schema: ElectionParams }) p: P, @Caller() caller: Principal) {
    const v = await this.access.election(caller, p.electionId);
    return ok({ electionId: v.electionId, ...turnout([v]), stations: v.voted });
  }

  private async step(p: P, caller: Principal, ctx: CommandContext, cmd: Parameters<ElectionsServices['elections']['step']>[1]) {
    await this.access.election(caller, p.electionId);
    return ok(await this.services.elections.step(p.electionId, cmd, ctx));
  }
}
