import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import FindMyWay from 'find-my-way';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { RoleRegistry } from '../auth/roles';
import type { Config } from '../config/config';
import { createHttpApp } from '../http/create-http-app';
import { discoverRoutes, type OpenApiDocument, type OpenApiInfo } from '../http/openapi';
import { PlatformController } from '../http/platform.controller';
import { openApiOf } from '../http/openapi-file';
import type { Infrastructure } from '../infrastructure/open-infrastructure';
import type { ServiceDefinition } from './service-definition';
import { startService, urlOf, type RunningService } from './start-service';

export interface MountOptions {
  config: Config;
  /** Default: config.PORT (0 picks a free port). */
  port?: number;
  logger?: Logger;
  /** The combined OpenAPI document's info. */
  info?: OpenApiInfo;
}

export interface MountedServices {
  services: RunningService[];
  /** The app behind the port: /health, /ready, /openapi.json (every service's routes), /docs, and 404s. */
  front: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Several services on one port (the embedded `npm start`): each service is its own Nest app (its own roles,
 * region scope, readiness), and the port's server hands each request to the app whose routes match it. Routes
 * must not collide across services (a collision fails the start, naming both); the platform routes are the front's.
 */
export async function mountServices(definitions: readonly ServiceDefinition[], infra: Infrastructure, options: MountOptions): Promise<MountedServices> {
  const { config, logger } = options;
  const names = definitions.map((d) => d.name);
  if (new Set(names).size !== names.length) throw new Error(`services mounted twice: ${names.join(', ')}`);
  // Every mounted service admits tokens of every mounted service's roles (a role it does not name gets 403, not 401).
  const roles = new RoleRegistry(...definitions.map((d) => d.roles ?? []));
  const running: RunningService[] = [];
  const closeAll = async () => {
    for (const s of running.splice(0).reverse()) await s.close().catch(() => undefined);
  };
  try {
    for (const definition of definitions) {
      running.push((await startService(definition, infra, { config, port: false, roles, ...(logger ? { logger } : {}) })) as RunningService);
    }
    const platformPaths = new Set(discoverRoutes([PlatformController]).map((r) => r.path));
    const router = FindMyWay<FindMyWay.HTTPVersion.V1>();
    const owner = new Map<string, string>();
    const info = options.info ?? { title: 'grid-governance', version: '0.1.0', description: names.join(' · ') };
    for (const service of running) {
      const fastify = service.app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
      await fastify.ready();
      const handler: Handler = (req, res) => fastify.routing(req, res);
      for (const [path, operations] of Object.entries(openApiOf(service.app).paths)) {
        if (platformPaths.has(path)) continue;
        const route = path.replace(/\{([^}]+)\}/g, ':$1');
        for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
          const key = `${method} ${route.replace(/:[^/]+/g, ':')}`;
          const other = owner.get(key);
          if (other) throw new Error(`${method} ${path} is a route of both ${other} and ${service.definition.name}`);
          owner.set(key, service.definition.name);
          router.on(method as FindMyWay.HTTPMethod, route, handler);
          if (method === 'GET') router.on('HEAD', route, handler);
        }
      }
    }
    const document = combinedOpenApi(info, running.map((s) => openApiOf(s.app)));
    const front = await createHttpApp({
      config,
      store: infra.store,
      documents: infra.documents,
      info,
      openapi: document,
      roles,
      ready: async () => (await Promise.all(running.map((s) => s.ready()))).every(Boolean),
      ...(logger ? { logger } : {}),
      serverFactory: (frontHandler) =>
        createServer((req, res) => {
          const url = req.url ?? '/';
          const query = url.indexOf('?');
          const found = router.find(req.method as FindMyWay.HTTPMethod, query < 0 ? url : url.slice(0, query));
          (found ? (found.handler as unknown as Handler) : frontHandler)(req, res);
        }),
    });
    try {
      await front.listen({ port: options.port ?? config.PORT, host: config.HOST });
    } catch (error) {
      await front.close().catch(() => undefined);
      throw error;
    }
    return {
      services: running,
      front,
      url: urlOf(front, config),
      async close() {
        await front.close();
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** One OpenAPI document of several services (paths are disjoint, mountServices checked it; schemas by name must agree). */
export function combinedOpenApi(info: OpenApiInfo, documents: OpenApiDocument[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const schemas: Record<string, unknown> = {};
  let securitySchemes: unknown = {};
  for (const doc of documents) {
    for (const [path, operations] of Object.entries(doc.paths)) paths[path] = { ...paths[path], ...operations };
    const components = (doc.components ?? {}) as { schemas?: Record<string, unknown>; securitySchemes?: unknown };
    for (const [name, schema] of Object.entries(components.schemas ?? {})) {
      if (name in schemas && JSON.stringify(schemas[name]) !== JSON.stringify(schema)) {
        throw new Error(`schema ${name} means different things in ${documents.map((d) => (d.info as OpenApiInfo).title).join(' and ')}: name one of them apart`);
      }
      schemas[name] = schema;
    }
    securitySchemes = components.securitySchemes ?? securitySchemes;
  }
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return { openapi: '3.1.0', info, paths: sorted, components: { schemas, securitySchemes } };
}
