import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@grid/contracts';
import type { FastifyRequest } from 'fastify';
import type { Principal } from './principal';

export const ROLES_KEY = 'grid:roles';
export const PUBLIC_KEY = 'grid:public';
export const SCOPE_PARAM_KEY = 'grid:scope-param';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by AuthGuard once the bearer token verified. */
    principal?: Principal;
  }
}

/**
 * Who may call a route. Every route declares either this or @Public(): createHttpApp refuses to start
 * otherwise, so a forgotten decorator is a boot error rather than an open endpoint.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** No token needed (health, readiness, the API description). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/**
 * The route's region is the path parameter `param`: ScopeGuard answers 404 before the handler runs
 * when it lies outside the caller's scope. Routes that learn the region only after loading a resource
 * call RegionScope.assertWithin instead.
 */
export const ScopedByParam = (param: string): MethodDecorator & ClassDecorator => SetMetadata(SCOPE_PARAM_KEY, param);

/** The verified caller, for handlers that need more than the CommandContext carries. */
export const Caller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => principalOf(ctx.switchToHttp().getRequest<FastifyRequest>()));

export function principalOf(request: FastifyRequest): Principal {
  // Only reachable on a @Public route, where reading the caller is a programming error.
  if (!request.principal) throw new Error('no principal on this request: the route is @Public()');
  return request.principal;
}
