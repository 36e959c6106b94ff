import { Body, Controller, Inject, Param, Query } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { Caller, Ctx, RegionScope, Route, created, ok, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import { indicatorsOf } from '../application/reports';
import type { CharityServices } from '../composition';
import { CharityAccess } from './charity-access';
import { conflictsAs409 } from './conflicts';
import { READERS, REGISTRARS, SERVICES } from './roles';
import { OrganisationParams, QualificationBody, RegisterOrganisationBody, WriteResultSchema, YearQuery } from './schemas';

const TAGS = ['charity'];
type P = z.infer<typeof OrganisationParams>;

/** 慈善组织: registered and qualified by 民政, read by their staff, officials and auditors in scope. */
@Controller('v1/organisations')
export class OrganisationsController {
  constructor(
    @Inject(SERVICES) private readonly services: CharityServices,
    @Inject(RegionScope) private readonly scope: RegionScope,
    @Inject(CharityAccess) private readonly access: CharityAccess,
  ) {}

  @Route({ method: 'POST', path: '', roles: REGISTRARS, tags: TAGS, summary: { zh: '登记慈善组织', en: 'Register a charitable organisation' }, response: WriteResultSchema })
  async register(@Body({ schema: RegisterOrganisationBody }) body: z.infer<typeof RegisterOrganisationBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.scope.assertWithin(caller, body.regionId);
    const result = await conflictsAs409(this.services.commands.registerOrganisation(body, ctx));
    return created(result, { location: `/v1/organisations/${result.id}`, revision: result.revision });
  }

  @Route({ method: 'GET', path: '', roles: READERS, tags: TAGS, summary: { zh: '慈善组织列表', en: 'The organisations in scope' } })
  async list(@Caller() caller: Principal) {
    const all = await this.services.lookup.organisations();
    const seen = await this.access.visible(caller, all.map((o) => o.organisationId));
    return ok({ items: all.filter((o) => seen.has(o.organisationId)) });
  }

  @Route({ method: 'GET', path: ':organisationId', roles: READERS, tags: TAGS, summary: { zh: '查看慈善组织', en: 'Read an organisation' } })
  async read(@Param({ schema: OrganisationParams }) p: P, @Caller() caller: Principal) {
    return ok(await this.access.organisation(caller, p.organisationId));
  }

  @Route({ method: 'POST', path: ':organisationId/qualification', roles: REGISTRARS, tags: TAGS, summary: { zh: '核发公开募捐资格', en: 'Grant the public-fundraising qualification' }, response: WriteResultSchema })
  async qualify(@Param({ schema: OrganisationParams }) p: P, @Body({ schema: QualificationBody }) body: z.infer<typeof QualificationBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.access.organisation(caller, p.organisationId);
    const result = await this.services.commands.grantQualification(p.organisationId, body, ctx);
    return created(result, { location: `/v1/organisations/${p.organisationId}`, revision: result.revision });
  }

  @Route({
    method: 'GET',
    path: ':organisationId/indicators',
    roles: READERS,
    tags: TAGS,
    summary: { zh: '年度慈善活动支出与管理费用比例', en: 'Yearly spending (≥ 70% of prior income) and management cost (≤ 10%) shares' },
    description: 'From the yearly totals read model, kept as fund events arrive (no replay). Shares are exact fractions of fen; `percent` rounds to two decimals.',
  })
  async indicators(@Param({ schema: OrganisationParams }) p: P, @Query({ schema: YearQuery }) q: z.infer<typeof YearQuery>, @Caller() caller: Principal) {
    await this.access.organisation(caller, p.organisationId);
    return ok(await indicatorsOf(this.services.lookup, p.organisationId, q.year));
  }
}
