import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, Route, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { GridRecordsServices } from '../composition';
import { HouseholdAccess } from './household-access';
import { HOUSEHOLD_WRITERS, SERVICES } from './roles';
import { WriteResultSchema } from './schemas/common';
import {
  AddMemberBody,
  ChangeHeadBody,
  HouseholdParams,
  MemberParams,
  MemberWriteResultSchema,
  MoveOutBody,
  RemoveMemberBody,
  TransferBody,
} from './schemas/households.schemas';

const TAGS = ['households'];
type Params = z.infer<typeof HouseholdParams>;

/** Changes to a registered household, by the grid workers of its grid. Each answers `{ id, revision }` + ETag. */
@Controller('v1/households/:householdId')
export class HouseholdChangesController {
  constructor(
    @Inject(SERVICES) private readonly services: GridRecordsServices,
    @Inject(HouseholdAccess) private readonly access: HouseholdAccess,
  ) {}

  @Route({
    method: 'POST',
    path: 'members',
    status: 200,
    roles: HOUSEHOLD_WRITERS,
    tags: TAGS,
    summary: { zh: '新增成员', en: 'Add a member' },
    response: MemberWriteResultSchema,
  })
  async addMember(
    @Param({ schema: HouseholdParams }) p: Params,
    @Body({ schema: AddMemberBody }) body: z.infer<typeof AddMemberBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    await this.access.householdToWrite(caller, p.householdId);
    const result = await this.services.households.addMember(p.householdId, body, ctx).catch((e: unknown) => this.access.explain(e, caller, ctx));
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: 'members/:personId/removal',
    status: 200,
    roles: HOUSEHOLD_WRITERS,
    tags: TAGS,
    summary: { zh: '成员迁出本户', en: 'A member leaves' },
    response: WriteResultSchema,
  })
  async removeMember(
    @Param({ schema: MemberParams }) p: z.infer<typeof MemberParams>,
    @Body({ schema: RemoveMemberBody }) body: z.infer<typeof RemoveMemberBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    await this.access.householdToWrite(caller, p.householdId);
    const result = await this.services.households.removeMember(p.householdId, p.personId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: 'head',
    status: 200,
    roles: HOUSEHOLD_WRITERS,
    tags: TAGS,
    summary: { zh: '变更户主', en: 'Change the head' },
    response: WriteResultSchema,
  })
  async changeHead(
    @Param({ schema: HouseholdParams }) p: Params,
    @Body({ schema: ChangeHeadBody }) body: z.infer<typeof ChangeHeadBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    await this.access.householdToWrite(caller, p.householdId);
    const result = await this.services.households.changeHead(p.householdId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: 'transfer',
    status: 200,
    roles: HOUSEHOLD_WRITERS,
    tags: TAGS,
    summary: { zh: '转移网格', en: 'Transfer to another grid' },
    response: WriteResultSchema,
  })
  async transfer(
    @Param({ schema: HouseholdParams }) p: Params,
    @Body({ schema: TransferBody }) body: z.infer<typeof TransferBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    await this.access.householdToWrite(caller, p.householdId);
    await this.access.gridInScope(caller, body.toGridId);
    const result = await this.services.households.transfer(p.householdId, body, ctx);
    return ok(result, { revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: 'move-out',
    status: 200,
    roles: HOUSEHOLD_WRITERS,
    tags: TAGS,
    summary: { zh: '迁出本区', en: 'Move out of the district' },
    response: WriteResultSchema,
  })
  async moveOut(
    @Param({ schema: HouseholdParams }) p: Params,
    @Body({ schema: MoveOutBody }) body: z.infer<typeof MoveOutBody>,
    @Caller() caller: Principal,
    @Ctx() ctx: CommandContext,
  ) {
    await this.access.householdToWrite(caller, p.householdId);
    const result = await this.services.households.moveOut(p.householdId, body, ctx);
    return ok(result, { revision: result.revision });
  }
}
