import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../http/problem';
import { SCOPE_PARAM_KEY, principalOf } from './access';
import { ALL_REGIONS, type Principal } from './principal';

/** Port: is `regionId` one of `scopeIds` or below one of them in the region hierarchy? */
export interface RegionScopeResolver {
  isWithin(regionId: string, scopeIds: readonly string[]): Promise<boolean>;
}

export const REGION_SCOPE_RESOLVER = Symbol('RegionScopeResolver');

/**
 * A resolver over a parent look-up (grid-records supplies one from its hierarchy read model): walks
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

/**
 * The one scope check. Outside the caller's scope is answered exactly like a missing resource (404,
 * same body), so nobody learns what exists outside their grid.
 */
@Injectable()
export class RegionScope {
  constructor(@Inject(REGION_SCOPE_RESOLVER) private readonly resolver: RegionScopeResolver) {}

  async isWithin(principal: Principal, regionId: string): Promise<boolean> {
    if (principal.scope.includes(ALL_REGIONS)) return true;
    return this.resolver.isWithin(regionId, principal.scope);
  }

  /** For controllers that know the region only after loading: call with the resource's region. */
  async assertWithin(principal: Principal, regionId: string | null | undefined): Promise<void> {
    if (!regionId || !(await this.isWithin(principal, regionId))) throw notFound();
  }
}

/** For routes whose region is in the path (@ScopedByParam('regionId')). */
@Injectable()
export class ScopeGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly scope: RegionScope,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const param = this.reflector.getAllAndOverride<string | undefined>(SCOPE_PARAM_KEY, [context.getHandler(), context.getClass()]);
    if (!param) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const regionId = (request.params as Record<string, string | undefined>)[param];
    await this.scope.assertWithin(principalOf(request), regionId);
    return true;
  }
}
