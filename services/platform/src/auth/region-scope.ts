import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../http/problem';
import { SCOPE_PARAM_KEY, principalOf } from './access';
import { ALL_REGIONS, type Principal } from './principal';
import type { RegionScopeResolver } from './region-scope-resolver';

export { ParentChainScopeResolver, type RegionScopeResolver } from './region-scope-resolver';
export const REGION_SCOPE_RESOLVER = Symbol('RegionScopeResolver');

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
