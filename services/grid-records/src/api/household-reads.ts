import { Inject, Injectable } from '@nestjs/common';
import { checkLink, type ChainFault, type CommandContext } from '@grid/platform';
import { ALL_REGIONS, forbidden, type Principal } from '@grid/platform/http';
import type { Envelope } from '@grid/contracts';
import type { GridRecordsServices } from '../composition';
import { HouseholdAccess } from './household-access';
import { presentHousehold, presentSummary } from './household-presenter';
import { PersonalDataView, disclosureFor } from './personal-data-view';
import { SERVICES } from './roles';
import type { RevealQuery } from './schemas/common';
import type { z } from 'zod';
import type { HistorySchema, HouseholdPageSchema, HouseholdSchema, ListQuerySchema } from './schemas/households.schemas';

type Household = z.infer<typeof HouseholdSchema>;

/**
 * What household reads show to whom. Scope first (404 outside), then the reveal (an auditor's clear view is
 * recorded as an event before anything is shown), then every sealed field opened and masked by role.
 */
@Injectable()
export class HouseholdReads {
  constructor(
    @Inject(SERVICES) private readonly services: GridRecordsServices,
    @Inject(HouseholdAccess) private readonly access: HouseholdAccess,
  ) {}

  async household(
    caller: Principal,
    householdId: string,
    query: RevealQuery,
    ctx: CommandContext,
  ): Promise<{ body: Household; revision: number }> {
    let view = await this.access.household(caller, householdId);
    const revealed = await this.reveal(caller, householdId, 'household', query, ctx);
    if (revealed) view = (await this.services.householdQueries.view(householdId)) ?? view; // its revision now includes the reveal
    const disclosure = await disclosureFor(this.services, caller, [view.gridId], revealed);
    const shown = new PersonalDataView(this.services.vault, disclosure);
    return {
      body: await presentHousehold(view, await this.services.tree.ancestry(view.gridId), shown, disclosure),
      revision: view.revision,
    };
  }

  async history(caller: Principal, householdId: string, query: RevealQuery, ctx: CommandContext): Promise<z.infer<typeof HistorySchema>> {
    const { gridId } = await this.access.household(caller, householdId);
    const revealed = await this.reveal(caller, householdId, 'history', query, ctx);
    const disclosure = await disclosureFor(this.services, caller, [gridId], revealed);
    const shown = new PersonalDataView(this.services.vault, disclosure);
    const events = await this.services.householdQueries.history(householdId);
    let previous: Envelope | undefined;
    let fault: ChainFault | null = null;
    for (const e of events) {
      fault ??= checkLink(e, previous);
      previous = e;
    }
    return {
      id: householdId,
      chain: { ok: fault === null, eventsChecked: events.length, firstFault: fault },
      events: await Promise.all(
        events.map(async (envelope) => ({ envelope: shown.envelope(envelope), shown: (await shown.show(envelope.data, householdId)) as Record<string, unknown> })),
      ),
      disclosure,
    };
  }

  async list(caller: Principal, query: z.infer<typeof ListQuerySchema>): Promise<z.infer<typeof HouseholdPageSchema>> {
    const gridIds = await this.gridsInScope(caller, query.regionId);
    const page = await this.services.householdQueries.list({
      gridIds,
      limit: query.limit,
      ...(query.status ? { status: query.status } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    const disclosure = await disclosureFor(this.services, caller, gridIds);
    const shown = new PersonalDataView(this.services.vault, disclosure);
    const items = await Promise.all(page.items.map((h) => presentSummary(h, shown)));
    return { items, total: page.total, nextCursor: page.nextCursor, disclosure };
  }

  /** Grids the list may cover: under the asked region (404 outside scope), or under every scope id. */
  private async gridsInScope(caller: Principal, regionId: string | undefined): Promise<string[] | 'all'> {
    const { tree } = this.services;
    if (regionId !== undefined) {
      await this.access.gridInScope(caller, regionId);
      return tree.gridsUnder(regionId);
    }
    if (caller.scope.includes(ALL_REGIONS)) return 'all';
    return [...new Set((await Promise.all(caller.scope.map((id) => tree.gridsUnder(id)))).flat())];
  }

  /** Only auditors reveal; the reveal is recorded before the data is opened. */
  private async reveal(
    caller: Principal,
    householdId: string,
    view: 'household' | 'history',
    query: RevealQuery,
    ctx: CommandContext,
  ): Promise<boolean> {
    if (query.reveal !== 'true') return false;
    if (caller.role !== 'auditor') throw forbidden('revealing personal data is for auditors; grid workers see their own grids in clear');
    await this.services.households.recordReveal(householdId, { view, reason: query.reason! }, { ...ctx, reason: query.reason! });
    return true;
  }
}
