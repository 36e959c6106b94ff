import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, Route, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { GridRecordsServices } from '../composition';
import { personSubject } from '../application/personal-data';
import { HouseholdAccess } from './household-access';
import { PersonalDataView } from './personal-data-view';
import { CORRECTION_DECIDERS, ERASERS, HOUSEHOLD_WRITERS, READERS, SERVICES } from './roles';
import { WriteResultSchema } from './schemas/common';
import {
  CorrectionBody,
  CorrectionDecisionBody,
  CorrectionParams,
  CorrectionResultSchema,
  DeathBody,
  DeathRevocationBody,
  DisabilityBody,
  ErasureBody,
  PoliticalRightsDeprivationBody,
  PoliticalRightsRestorationBody,
  ResidenceBody,
  PendingCorrectionsSchema,
  ResidentParams,
} from './schemas/households.schemas';

const TAGS = ['residents'];
type Params = z.infer<typeof ResidentParams>;
type Decision = z.infer<typeof CorrectionParams>;

/**
 * 居民: life events of one resident. They are facts of the resident's household (its stream, its ETag), found
 * through the person index; the answer's `id` is that household.
 */
@Controller('v1/residents/:personId')
export class ResidentsController {
  constructor(
    @Inject(SERVICES) private readonly services: GridRecordsServices,
    @Inject(HouseholdAccess) private readonly access: HouseholdAccess,
  ) {}

  @Route({
    method: 'POST',
    path: 'erasure',
    status: 200,
    roles: ERASERS,
    tags: TAGS,
    summary: { zh: '删除个人信息', en: 'Erase a resident’s personal data' },
    description:
      'PIPL 第四十七条: recorded (legal basis, decision reference) on the household, then the person’s data key is destroyed: every sealed field of theirs reads 已删除 in every copy of history, and every chain still verifies. Refused while the resident is on the register (`still-registered`) or a case is open on them (`case-open`).',
    response: WriteResultSchema,
  })
  async erase(
    @Param({ schema: ResidentParams }) p: Params,
    @Body({ schema: ErasureBody }) body: z.infer<typeof ErasureBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    const household = await this.access.residentHousehold(caller, p.personId);
    const result = await this.services.erasure.erase(household.householdId, p.personId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: 'death',
    status: 200,
    roles: HOUSEHOLD_WRITERS,
    tags: TAGS,
    summary: { zh: '登记死亡', en: 'Record a death' },
    description: '`diedOn` is the effective date and may lie long before today (deaths reported late, seed 002).',
    response: WriteResultSchema,
  })
  async death(
    @Param({ schema: ResidentParams }) p: Params,
    @Body({ schema: DeathBody }) body: z.infer<typeof DeathBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    const household = await this.access.residentHouseholdToWrite(caller, p.personId);
    const result = await this.services.households.recordDeath(household.householdId, p.personId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: 'death/revocation',
    status: 200,
    roles: CORRECTION_DECIDERS,
    tags: TAGS,
    summary: { zh: '撤销死亡登记', en: 'Revoke a death recorded in error' },
    description:
      'A community, township or district official revokes a death recorded in error (wrong person, false report) on documents ' +
      '(公安户籍核查, 医院证明 …): the resident is living again, and a household the death ended is open again. Statuses the ' +
      'death ended stay ended: a new application is needed (payments for the interval are reviewed by a person). A resident ' +
      'not recorded as dead is 422 `not-dead`; a household that moved out of the district, 422 `household-moved-out`.',
    response: WriteResultSchema,
  })
  async revokeDeath(
    @Param({ schema: ResidentParams }) p: Params,
    @Body({ schema: DeathRevocationBody }) body: z.infer<typeof DeathRevocationBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    const household = await this.access.residentHouseholdToWrite(caller, p.personId);
    const result = await this.services.households.revokeDeath(household.householdId, p.personId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: 'disability-certificate',
    status: 200,
    roles: HOUSEHOLD_WRITERS,
    tags: TAGS,
    summary: { zh: '登记残疾证', en: 'Record a disability certificate' },
    response: WriteResultSchema,
  })
  async disability(
    @Param({ schema: ResidentParams }) p: Params,
    @Body({ schema: DisabilityBody }) body: z.infer<typeof DisabilityBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    const household = await this.access.residentHouseholdToWrite(caller, p.personId);
    const result = await this.services.households.certifyDisability(household.householdId, p.personId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: 'corrections',
    status: 200,
    roles: HOUSEHOLD_WRITERS,
    tags: TAGS,
    summary: { zh: '信息更正', en: "Correct a resident's details" },
    description:
      'A phone number is corrected at once (`state: applied`). A name or ID number waits for a community, township or district ' +
      'official (`state: pending`, 户口登记条例 第十七条: 审查属实后予以更正). A new ID number registered in another household is 409. ' +
      'Values the record already holds are ignored; a correction of nothing but those is 422 `no-change`.',
    response: CorrectionResultSchema,
  })
  async correct(
    @Param({ schema: ResidentParams }) p: Params,
    @Body({ schema: CorrectionBody }) body: z.infer<typeof CorrectionBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    const household = await this.access.residentHouseholdToWrite(caller, p.personId);
    const result = await this.services.corrections
      .request(household.householdId, p.personId, body, ctx)
      .catch((e: unknown) => this.access.explain(e, caller, ctx));
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'GET',
    path: 'corrections',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '待确认的更正申请', en: 'Corrections awaiting an official' },
    description: 'Which fields each request corrects; the new values are in the household history, shown by role.',
    response: PendingCorrectionsSchema,
  })
  async pendingCorrections(@Param({ schema: ResidentParams }) p: Params, @Caller() caller: Principal) {
    const household = await this.access.residentHousehold(caller, p.personId);
    const pending = await this.services.corrections.pending(household.householdId, p.personId);
    // The reason is sealed (erasure reaches it) and shown to whoever may list the requests, as before.
    const shown = new PersonalDataView(this.services.vault, 'clear');
    const items = await Promise.all(
      pending.map(async ({ correctionId, personId, corrected, reason, requestedBy, requestedOn }) => ({
        correctionId,
        personId,
        fields: (['name', 'idNumber', 'phone'] as const).filter((f) => corrected[f] !== undefined),
        reason: await shown.field(reason, personSubject(personId), 'reason'),
        requestedBy,
        requestedOn,
      })),
    );
    return { items };
  }

  @Route({
    method: 'POST',
    path: 'corrections/:correctionId/confirmation',
    status: 200,
    roles: CORRECTION_DECIDERS,
    tags: TAGS,
    summary: { zh: '确认信息更正', en: 'Confirm a correction' },
    description: 'The official has verified the documents (审查属实). A new ID number still registered elsewhere by now is 409.',
    response: WriteResultSchema,
  })
  async confirm(@Param({ schema: CorrectionParams }) p: Decision, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    const household = await this.access.residentHouseholdToWrite(caller, p.personId);
    const result = await this.services.corrections
      .confirm(household.householdId, p.personId, p.correctionId, ctx)
      .catch((e: unknown) => this.access.explain(e, caller, ctx));
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: 'corrections/:correctionId/rejection',
    status: 200,
    roles: CORRECTION_DECIDERS,
    tags: TAGS,
    summary: { zh: '不予更正', en: 'Turn a correction down' },
    response: WriteResultSchema,
  })
  async reject(
    @Param({ schema: CorrectionParams }) p: Decision,
    @Body({ schema: CorrectionDecisionBody }) body: z.infer<typeof CorrectionDecisionBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    const household = await this.access.residentHouseholdToWrite(caller, p.personId);
    const result = await this.services.corrections.reject(household.householdId, p.personId, p.correctionId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: 'residence',
    status: 200,
    roles: HOUSEHOLD_WRITERS,
    tags: TAGS,
    summary: { zh: '登记户籍与居住', en: 'Record 户籍 and residence' },
    description:
      '村民委员会组织法 第十三条: whether the 户籍 is here or elsewhere, and whether the resident lives here or away, since a date. A later record replaces an earlier one. `since` after `on` is 422 `since-in-future`.',
    response: WriteResultSchema,
  })
  async residence(
    @Param({ schema: ResidentParams }) p: Params,
    @Body({ schema: ResidenceBody }) body: z.infer<typeof ResidenceBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    const household = await this.access.residentHousehold(caller, p.personId);
    const result = await this.services.civicStanding.recordResidence(household.householdId, p.personId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: 'political-rights/deprivation',
    status: 200,
    roles: CORRECTION_DECIDERS,
    tags: TAGS,
    summary: { zh: '登记被剥夺政治权利', en: 'Record a deprivation of political rights' },
    description:
      'An official records the judgment: from, until (null for life), legal source and court reference (文号, no ID number: 422 `personal-data-in-reference`). Already deprived: 422 `already-deprived`.',
    response: WriteResultSchema,
  })
  async deprive(
    @Param({ schema: ResidentParams }) p: Params,
    @Body({ schema: PoliticalRightsDeprivationBody }) body: z.infer<typeof PoliticalRightsDeprivationBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    const household = await this.access.residentHousehold(caller, p.personId);
    const result = await this.services.civicStanding.deprive(household.householdId, p.personId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: 'political-rights/restoration',
    status: 200,
    roles: CORRECTION_DECIDERS,
    tags: TAGS,
    summary: { zh: '登记恢复政治权利', en: 'Record a restoration of political rights' },
    description: 'An official records the restoration with its legal source and reference. Not deprived: 422 `not-deprived`.',
    response: WriteResultSchema,
  })
  async restore(
    @Param({ schema: ResidentParams }) p: Params,
    @Body({ schema: PoliticalRightsRestorationBody }) body: z.infer<typeof PoliticalRightsRestorationBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    const household = await this.access.residentHousehold(caller, p.personId);
    const result = await this.services.civicStanding.restore(household.householdId, p.personId, body, ctx);
    return ok(result, { revision: result.revision });
  }
}
