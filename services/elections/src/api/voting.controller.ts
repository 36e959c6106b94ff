import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, Route, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { ElectionsServices } from '../composition';
import { ElectionAccess } from './election-access';
import { ELECTION_RUNNERS, SERVICES } from './roles';
import { BallotBody, StationParams, TallyBody, WriteResultSchema } from './schemas';

const TAGS = ['voting'];
type P = z.infer<typeof StationParams>;

/** Voting at a station: who got a ballot (never what they chose), and the station's public count. */
@Controller('v1/elections/:electionId/stations/:stationId')
export class VotingController {
  constructor(
    @Inject(SERVICES) private readonly services: ElectionsServices,
    @Inject(ElectionAccess) private readonly access: ElectionAccess,
  ) {}

  @Route({ method: 'POST', path: 'ballots', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '发放选票', en: 'Record a ballot issued' }, response: WriteResultSchema })
  async ballot(@Param({ schema: StationParams }) p: P, @Body({ schema: BallotBody }) body: z.infer<typeof BallotBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.election(caller, p.electionId);
    return ok(await this.services.elections.step(p.electionId, { type: 'issue-ballot', stationId: p.stationId, ...body }, ctx));
  }

  @Route({ method: 'POST', path: 'tally', roles: ELECTION_RUNNERS, tags: TAGS, summary: { zh: '录入投票站计票结果', en: 'Record a station’s count' }, response: WriteResultSchema })
  async tally(@Param({ schema: StationParams }) p: P, @Body({ schema: TallyBody }) body: z.infer<typeof TallyBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.election(caller, p.electionId);
    return ok(await this.services.elections.step(p.electionId, { type: 'record-tally', stationId: p.stationId, ...body }, ctx));
  }
}
