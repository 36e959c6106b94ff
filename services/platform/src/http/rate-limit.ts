import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from '../auth/bearer';
import type { TokenVerifier } from '../auth/token-verifier';

/**
 * Per caller, in this process: a verified token's subject (so fresh tokens of one user share a budget), else the
 * client address (so garbage tokens do not buy a fresh budget each). Behind a proxy, fastify's trustProxy decides
 * what the address is. Over the limit: 429 problem+json with Retry-After (problem.filter.ts).
 */
export async function limitRequestsPerCaller(fastify: FastifyInstance, verifier: TokenVerifier, perMinute: number): Promise<void> {
  await fastify.register(rateLimit, {
    global: true,
    max: perMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => callerKey(request, verifier),
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`more than ${context.max} requests a minute; retry in ${context.after}`), { code: 'GRID_RATE_LIMITED', statusCode: 429 }),
  });
}

async function callerKey(request: FastifyRequest, verifier: TokenVerifier): Promise<string> {
  const token = bearerToken(request.headers.authorization);
  if (token) {
    try {
      return `sub:${(await verifier.verify(token)).sub}`;
    } catch {
      // not a valid token: counted by address below
    }
  }
  return `ip:${request.ip}`;
}
