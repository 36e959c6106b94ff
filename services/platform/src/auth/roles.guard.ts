import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@grid/contracts';
import type { FastifyRequest } from 'fastify';
import { forbidden } from '../http/problem';
import { PUBLIC_KEY, ROLES_KEY } from './access';

/** Authorisation by role; runs after AuthGuard, so a principal is present on every non-public route. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const principal = context.switchToHttp().getRequest<FastifyRequest>().principal;
    // No @Roles means deny: createHttpApp already refuses such routes, this is the second lock.
    if (!principal || !roles || !roles.includes(principal.role)) throw forbidden(`this operation is not open to the role ${principal?.role ?? 'unknown'}`);
    return true;
  }
}
