import { Inject, Injectable } from '@nestjs/common';
import { RegionScope, notFound, type Principal } from '@grid/platform/http';
import type { ElectionsServices } from '../composition';
import type { ElectionView } from '../projections/elections.projection';
import { SERVICES } from './roles';

/** An election the caller may see: 404 when it does not exist or lies outside the caller's scope. */
@Injectable()
export class ElectionAccess {
  constructor(
    @Inject(SERVICES) private readonly services: ElectionsServices,
    @Inject(RegionScope) private readonly scope: RegionScope,
  ) {}

  async election(caller: Principal, electionId: string): Promise<ElectionView> {
    const view = await this.services.electionLookup.get(electionId);
    if (!view) throw notFound();
    await this.scope.assertWithin(caller, view.regionId);
    return view;
  }
}
