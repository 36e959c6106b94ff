import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken } from '../auth/bearer';
import { InvalidTokenError, type TokenVerifier } from '../auth/token-verifier';
import { unauthenticated, type HttpProblem } from './problem';
import { sendProblem } from './problem.filter';

/**
 * A request that carries a body is authenticated before the body is parsed: no public route takes a body, so a
 * stranger's body is never parsed, validated or fingerprinted (AuthGuard checks again, from its cache).
 */
export function authenticateBeforeParsing(fastify: FastifyInstance, verifier: TokenVerifier): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!hasBody(request)) return;
    const refusal = await refusalOf(request, verifier);
    if (!refusal) return;
    sendProblem(refusal, request, reply);
    return reply;
  });
}

async function refusalOf(request: FastifyRequest, verifier: TokenVerifier): Promise<HttpProblem | null> {
  const header = request.headers.authorization;
  const token = bearerToken(header);
  if (!token) return unauthenticated('a bearer token is required', header !== undefined);
  try {
    await verifier.verify(token);
    return null;
  } catch (error) {
    if (error instanceof InvalidTokenError) return unauthenticated('the bearer token is not valid', true);
    throw error;
  }
}

const hasBody = (request: FastifyRequest): boolean =>
  request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
