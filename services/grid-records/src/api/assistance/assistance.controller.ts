import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, Route, created, forbidden, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { GridRecordsServices } from '../../composition';
import { HouseholdAccess } from '../household-access';
import { APPLICANTS, READERS, SERVICES, STEP_ROLES, STEP_TAKERS } from '../roles';
import { CaseListSchema, CaseParams, CaseSchema, OpenCaseBody, StepBody, StepResultSchema } from '../schemas/assistance.schemas';
import { WriteResultSchema } from '../schemas/common';
import { HouseholdParams } from '../schemas/households.schemas';
import { CaseReads, caseSummary } from './case-reads';

const TAGS = ['assistance'];

/** 救助/福利: a case per application (`assistance-<caseId>`), from 申请 through its steps to the status' end. */
@Controller('v1')
export class AssistanceController {
  constructor(
    @Inject(SERVICES) private readonly services: GridRecordsServices,
    @Inject(HouseholdAccess) private readonly access: HouseholdAccess,
    @Inject(CaseReads) private readonly cases: CaseReads,
  ) {}

  @Route({
    method: 'POST',
    path: 'households/:householdId/assistance',
    roles: APPLICANTS,
    tags: TAGS,
    summary: { zh: '申请救助', en: 'Open an assistance case' },
    description:
      'Eligibility facts (age, disability grade, statuses in force, registration, district, 近亲属备案) are read from the records, not sent; the applied event keeps them.',
    response: WriteResultSchema,
  })
  async open(
    @Param({ schema: HouseholdParams }) p: z.infer<typeof HouseholdParams>,
    @Body({ schema: OpenCaseBody }) body: z.infer<typeof OpenCaseBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    await this.access.householdToWrite(caller, p.householdId);
    const result = await this.services.assistance.open(p.householdId, body, ctx);
    return created(result, { location: `/v1/assistance/${result.id}`, revision: result.revision });
  }

  @Route({
    method: 'GET',
    path: 'households/:householdId/assistance',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '户的救助案件', en: 'The household’s cases' },
    response: CaseListSchema,
  })
  async list(@Param({ schema: HouseholdParams }) p: z.infer<typeof HouseholdParams>, @Caller() caller: Principal) {
    await this.access.household(caller, p.householdId);
    return { items: (await this.services.caseQueries.ofHousehold(p.householdId)).map(caseSummary) };
  }

  @Route({
    method: 'POST',
    path: 'assistance/:caseId/steps',
    status: 200,
    roles: STEP_TAKERS,
    tags: TAGS,
    summary: { zh: '办理步骤', en: 'Take a step of the case' },
    description:
      'home-check (grid workers); review, notice, objection-decision, approve, reject, change-class, review-done, suspend, resume, exit, cancel (township and district officials; the rules say which level decides). If-Match guards against a step taken meanwhile.',
    response: StepResultSchema,
  })
  async step(
    @Param({ schema: CaseParams }) p: z.infer<typeof CaseParams>,
    @Body({ schema: StepBody }) body: z.infer<typeof StepBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    // The step's role first: it says nothing about the case, so it can be answered before the scope is known.
    if (!STEP_ROLES[body.step].includes(caller.role)) throw forbidden(`a ${caller.role} does not take the ${body.step} step`);
    await this.cases.findToWrite(caller, p.caseId);
    const result = await this.services.assistance.step(p.caseId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'GET',
    path: 'assistance/:caseId',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '查看救助案件', en: 'Read an assistance case' },
    description: 'The case with every step in order: when it took effect, when it was recorded, by whom, and what caused it.',
    response: CaseSchema,
  })
  async read(@Param({ schema: CaseParams }) p: z.infer<typeof CaseParams>, @Caller() caller: Principal) {
    const view = await this.cases.find(caller, p.caseId);
    return ok(await this.cases.present(caller, view), { revision: view.revision });
  }
}
