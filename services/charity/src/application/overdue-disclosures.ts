import type { Clock, CommandContext } from '@grid/platform';
import type { CampaignView } from '../projections/campaigns.projection';
import type { CharityLookup } from '../projections/lookups';
import type { CharityCommands } from './charity-commands';
import { overdueOf } from './reports';

const SYSTEM = { id: 'charity-overdue-disclosures', role: 'system' } as const;

/** 记录逾期未公示: of these campaigns, each with a disclosure past its last day on `on` not yet recorded, recorded once. */
export async function recordOverdueDisclosures(lookup: CharityLookup, commands: CharityCommands, campaigns: CampaignView[], on: string, ctx: CommandContext) {
  const due = campaigns.filter((c) => overdueOf(c, on).some((o) => !o.recorded));
  for (const c of due) await commands.campaignStep(c.campaignId, { type: 'flag-overdue-disclosures', on }, ctx);
  const after = await Promise.all(due.map((c) => lookup.campaign(c.campaignId)));
  return { on, flaggedCampaigns: due.length, items: after.flatMap((c) => (c ? overdueOf(c, on) : [])) };
}

/** The daily job: what POST /v1/disclosures/overdue does, for every campaign, as of the clock's today. */
export class OverdueDisclosuresJob {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly lookup: CharityLookup,
    private readonly commands: CharityCommands,
    private readonly clock: Clock,
    /** 0: never on its own (tests, or an official calls the endpoint). */
    private readonly everyMs: number,
  ) {}

  async run() {
    const on = this.clock.today();
    return recordOverdueDisclosures(this.lookup, this.commands, await this.lookup.campaigns(), on, { actor: SYSTEM });
  }

  start(onError: (error: unknown) => void): void {
    if (this.everyMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.run().catch(onError), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
