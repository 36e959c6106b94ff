import { Body, Controller, Inject, Param, Query } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, Route, created, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { GridRecordsServices } from '../composition';
import { HouseholdAccess } from './household-access';
import { HouseholdReads } from './household-reads';
import { HOUSEHOLD_WRITERS, READERS, SERVICES } from './roles';
import { WriteResultSchema } from './schemas/common';
import {
  HistorySchema,
  HouseholdPageSchema,
  HouseholdParams,
  HouseholdQuerySchema,
  HouseholdSchema,
  ListQuerySchema,
  RegisterHouseholdBody,
} from './schemas/households.schemas';

const TAGS = ['households'];

/** 户: registration and reads. Changes to a registered household are in household-changes.controller.ts. */
@Controller('v1/households')
export class HouseholdsController {
  constructor(
    @Inject(SERVICES) private readonly services: GridRecordsServices,
    @Inject(HouseholdAccess) private readonly access: HouseholdAccess,
    @Inject(HouseholdReads) private readonly reads: HouseholdReads,
  ) {}

  @Route({
    method: 'POST',
    path: '',
    roles: HOUSEHOLD_WRITERS,
    tags: TAGS,
    summary: { zh: '登记户', en: 'Register a household' },
    response: WriteResultSchema,
  })
  async register(
    @Body({ schema: RegisterHouseholdBody }) body: z.infer<typeof RegisterHouseholdBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    await this.access.gridToWrite(caller, body.gridId);
    const result = await this.services.households.register(body, ctx).catch((e: unknown) => this.access.explain(e, caller, ctx));
    return created(result, { location: `/v1/households/${result.id}`, revision: result.revision });
  }

  @Route({
    method: 'GET',
    path: '',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '户列表', en: 'List households in scope' },
    response: HouseholdPageSchema,
  })
  list(@Query({ schema: ListQuerySchema }) query: z.infer<typeof ListQuerySchema>, @Caller() caller: Principal) {
    return this.reads.list(caller, query);
  }

  @Route({
    method: 'GET',
    path: ':householdId',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '查看户', en: 'Read a household' },
    description:
      'Personal data by role: grid workers in clear, officials masked, auditors masked unless `reveal=true&reason=…`, which is recorded as an event first.',
    response: HouseholdSchema,
  })
  async read(
    @Param({ schema: HouseholdParams }) params: z.infer<typeof HouseholdParams>,
    @Query({ schema: HouseholdQuerySchema }) query: z.infer<typeof HouseholdQuerySchema>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    const { body, revision } = await this.reads.household(caller, params.householdId, query, ctx);
    return ok(body, { revision });
  }

  @Route({
    method: 'GET',
    path: ':householdId/history',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '户的历史 (可校验)', en: 'The household’s history, verifiable' },
    description: 'Every event of the household stream as stored (ciphertext, hash chain), each with its data as the caller may see it.',
    response: HistorySchema,
  })
  history(
    @Param({ schema: HouseholdParams }) params: z.infer<typeof HouseholdParams>,
    @Query({ schema: HouseholdQuerySchema }) query: z.infer<typeof HouseholdQuerySchema>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    return this.reads.history(caller, params.householdId, query, ctx);
  }
}
