import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { unauthenticated } from '../http/problem';
import { PUBLIC_KEY } from './access';
import { bearerToken } from './bearer';
import { ROLE_REGISTRY, type RoleRegistry } from './roles';
import { InvalidTokenError, type TokenVerifier } from './token-verifier';

export const TOKEN_VERIFIER = Symbol('TokenVerifier');

/** Authentication: a valid bearer token or 401 with a Bearer challenge. Roles are RolesGuard's. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(ROLE_REGISTRY) private readonly roles: RoleRegistry,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    if (!header) throw unauthenticated('a bearer token is required', false);
    const token = bearerToken(header);
    if (!token) throw unauthenticated('the Authorization header is not a bearer token', true);
    try {
      request.principal = await this.verifier.verify(token);
    } catch (error) {
      // The reason (expired, bad signature, wrong audience) stays out of the answer: it helps an attacker more than a client.
      if (error instanceof InvalidTokenError) throw unauthenticated('the bearer token is not valid', true);
      throw error;
    }
    // A role no service here registered is a token for another deployment: as invalid as a bad signature.
    if (!this.roles.has(request.principal.role)) throw unauthenticated('the bearer token is not valid', true);
    return true;
  }
}
