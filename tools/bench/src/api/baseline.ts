import { Body, Controller } from '@nestjs/common';
import type { Config, DocumentStore, EventStore } from '@grid/platform';
import { Caller, RoleRegistry, Route, createHttpApp, created, type Principal } from '@grid/platform/http';
import fastify, { type FastifyInstance } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { z } from 'zod';

/** A body shaped like a household registration, validated as loosely as the real one is strictly. */
const NoopBody = z.object({ gridId: z.string().min(1), address: z.string().min(1), members: z.array(z.object({}).passthrough()).min(1) });

/**
 * The baseline: the platform's whole HTTP stack (fastify, Nest, bearer token verified, role guard, scope guard,
 * idempotency and result interceptors, zod pipe, problem filter, pino request log) around a handler that does
 * nothing. Against POST /v1/households it splits the time into "framework" and "our command".
 */
@Controller('bench')
class NoopController {
  @Route({ method: 'POST', path: 'noop', roles: ['grid-worker'], summary: { zh: '空操作', en: 'Does nothing (benchmark baseline)' } })
  noop(@Body({ schema: NoopBody }) body: z.infer<typeof NoopBody>, @Caller() caller: Principal) {
    return created({ id: `${caller.sub}:${body.members.length}`, revision: 0 }, { location: '/bench/noop' });
  }
}

export async function startBaseline(
  config: Config,
  store: EventStore,
  documents: DocumentStore,
  logger: Logger,
): Promise<NestFastifyApplication> {
  const app = await createHttpApp({
    config,
    store,
    documents,
    controllers: [NoopController],
    logger,
    info: { title: 'bench-baseline', version: '0' },
    roles: new RoleRegistry([{ name: 'grid-worker', description: 'the benchmark caller' }]),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

/** Bare fastify, JSON in and out, no auth, no log: the floor of an HTTP POST on this machine. */
export async function startBareFastify(): Promise<FastifyInstance> {
  const app = fastify({ logger: false });
  app.post('/bench/noop', async (request, reply) => {
    const body = request.body as { members?: unknown[] };
    return reply.code(201).send({ id: String(body.members?.length ?? 0), revision: 0 });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}
