/** Port: is `regionId` one of `scopeIds` or below one of them in the region hierarchy? */
export interface RegionScopeResolver {
  isWithin(regionId: string, scopeIds: readonly string[]): Promise<boolean>;
}

/**
 * A resolver over a parent look-up (the platform's region directory supplies one): walks
 * from the region up to the root. Without a look-up it only matches a scope id exactly.
 */
export class ParentChainScopeResolver implements RegionScopeResolver {
  constructor(private readonly parentOf: (regionId: string) => Promise<string | null | undefined> = async () => null) {}

  async isWithin(regionId: string, scopeIds: readonly string[]): Promise<boolean> {
    const scope = new Set(scopeIds);
    const seen = new Set<string>();
    for (let id: string | null | undefined = regionId; id && !seen.has(id); id = await this.parentOf(id)) {
      if (scope.has(id)) return true;
      seen.add(id); // a cycle in bad data ends the walk instead of hanging the request
    }
    return false;
  }
}
