import { Body, Controller, Inject, Param } from '@nestjs/common';
import type { CommandContext } from '@grid/platform';
import { maskName } from '@grid/platform';
import { Caller, Ctx, Route, created, ok, unprocessable, type Principal } from '@grid/platform/http';
import type { z } from 'zod';
import type { CharityServices } from '../composition';
import type { DonationView } from '../projections/campaigns.projection';
import { CharityAccess } from './charity-access';
import { conflictsAs409 } from './conflicts';
import { READERS, SERVICES, STAFF } from './roles';
import { DonationParams, ReissueReceiptBody, VoidReceiptBody } from './schemas';

const TAGS = ['charity'];
type P = z.infer<typeof DonationParams>;

/** 捐赠票据: read, and voided (then reissued under the next number) with a reason; never edited. */
@Controller('v1/donations/:donationId/receipt')
export class DonationsController {
  constructor(
    @Inject(SERVICES) private readonly services: CharityServices,
    @Inject(CharityAccess) private readonly access: CharityAccess,
  ) {}

  /** 捐赠人 as the receipt names them: the organisation's staff see a person's name, officials and auditors it masked. */
  private async donorOnReceipt(d: DonationView, caller: Principal): Promise<string> {
    if (!d.donor || d.donor.donorId === null) return '匿名';
    const donor = await this.services.lookup.donor(d.donor.donorId);
    if (!donor) return '';
    if (donor.kind === 'organisation') return donor.organisationName ?? '';
    if (!donor.sealedName) return `居民 ${donor.personId}`;
    const name = (await this.services.vault.open(donor.donorId, donor.sealedName)) ?? '';
    return caller.role === 'charity-staff' ? name : maskName(name);
  }

  @Route({ method: 'GET', path: '', roles: READERS, tags: TAGS, summary: { zh: '查看捐赠票据', en: 'The donation’s receipt' } })
  async read(@Param({ schema: DonationParams }) p: P, @Caller() caller: Principal) {
    const d = await this.access.donation(caller, p.donationId);
    return ok({ donationId: d.donationId, campaignId: d.campaignId, donor: await this.donorOnReceipt(d, caller), kind: d.kind, valueFen: d.valueFen, on: d.on, receipt: d.receipt, voided: d.voidedReceipts });
  }

  @Route({ method: 'POST', path: 'void', roles: STAFF, tags: TAGS, summary: { zh: '作废（并重开）捐赠票据', en: 'Void the receipt (and reissue it)' } })
  async void(@Param({ schema: DonationParams }) p: P, @Body({ schema: VoidReceiptBody }) body: z.infer<typeof VoidReceiptBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    const d = await this.access.donation(caller, p.donationId);
    if (!d.receipt) throw unprocessable('no-live-receipt', 'the donation has no live receipt to void', 'donationId');
    const { organisationId, year, seq } = d.receipt;
    const result = await conflictsAs409(this.services.commands.voidReceipt({ organisationId, year, seq }, body, ctx));
    return created({ ...result, id: p.donationId }, { location: `/v1/donations/${p.donationId}/receipt`, revision: result.revision });
  }

  @Route({
    method: 'POST',
    path: 'reissue',
    roles: STAFF,
    tags: TAGS,
    summary: { zh: '重开捐赠票据', en: 'Reissue the receipt under the next number' },
    description: 'The live receipt is voided and replaced; a receipt voided earlier is replaced. Only this, with its reason, replaces a voided receipt: a donation delivered again never does.',
  })
  async reissue(@Param({ schema: DonationParams }) p: P, @Body({ schema: ReissueReceiptBody }) body: z.infer<typeof ReissueReceiptBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    const d = await this.access.donation(caller, p.donationId);
    const last = d.receipt ?? d.voidedReceipts.at(-1);
    if (!last) throw unprocessable('no-receipt', 'the donation has no receipt to reissue yet', 'donationId');
    const { organisationId, year, seq } = last;
    const result = await conflictsAs409(this.services.commands.voidReceipt({ organisationId, year, seq }, { ...body, reissue: true }, ctx));
    return created({ ...result, id: p.donationId }, { location: `/v1/donations/${p.donationId}/receipt`, revision: result.revision });
  }
}
