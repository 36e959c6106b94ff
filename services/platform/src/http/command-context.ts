import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../auth/access';
import { actorOf } from '../auth/principal';
import type { CommandContext } from '../decider/command-handler';
import { parseIfMatch } from './etag';
import { idempotencyKeyOf, idSeedFor, requestFingerprint } from './idempotency';

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * Everything a command handler needs from the request: the actor (verified token), correlation id,
 * traceparent, If-Match as expectedRevision, and under an Idempotency-Key the seed of stable event ids, so that a
 * retry after a crash re-appends the same events, which the store answers as a no-op when they are still the
 * stream's last events (SQLite: wherever they are in it; KurrentDB: among its last 32; event-store.ts).
 */
export function commandContextOf(request: FastifyRequest): CommandContext {
  const principal = principalOf(request);
  const expectedRevision = parseIfMatch(request.headers['if-match']);
  const key = idempotencyKeyOf(request);
  const traceparent = request.headers.traceparent;
  return {
    actor: actorOf(principal),
    correlationId: request.id,
    ...(typeof traceparent === 'string' && TRACEPARENT.test(traceparent) ? { traceparent } : {}),
    ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    ...(key !== undefined ? { idSeed: idSeedFor(principal.sub, key, requestFingerprint(request)) } : {}),
  };
}

/** `@Ctx() ctx: CommandContext` in a handler's parameters. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext): CommandContext => commandContextOf(context.switchToHttp().getRequest<FastifyRequest>()));
