import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DiscoveredRoute } from './openapi';
import { validationFailed } from './problem';

/**
 * Unknown query parameters are a 400 on every route: a misspelt or unsupported one (`?asOf=` where no as-of read
 * exists) would otherwise be ignored silently and the answer mistaken for what was asked. A route knows the
 * parameters its `@Query({ schema })` declares, the same ones /openapi.json lists.
 */
export class KnownQueryGuard implements CanActivate {
  private readonly known = new Map<unknown, ReadonlySet<string>>();

  constructor(routes: readonly DiscoveredRoute[]) {
    for (const route of routes) {
      const handler = (route.controller.prototype as Record<string, unknown>)[route.handler];
      this.known.set(handler, new Set(route.query.flatMap(({ name, schema }) => (name ? [name] : propertyNames(schema)))));
    }
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const known = this.known.get(context.getHandler());
    if (!known) return true;
    const query = (context.switchToHttp().getRequest<FastifyRequest>().query ?? {}) as Record<string, unknown>;
    const unknown = Object.keys(query).filter((key) => !known.has(key));
    if (unknown.length === 0) return true;
    throw validationFailed(
      unknown.map((key) => ({ field: `query.${key}`, rule: 'unknown-parameter', message: 'this route takes no such query parameter' })),
      'the request has query parameters this route does not take',
    );
  }
}

function propertyNames(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
  return Object.keys(json.properties ?? {});
}
