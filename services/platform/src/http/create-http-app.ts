import 'reflect-metadata';
import { Module, type DynamicModule, type ModuleMetadata, type Provider, type Type } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController, type FastifyInstance, type FastifyServerFactory } from 'fastify';
import type { Logger } from 'pino';
import { AuthGuard, TOKEN_VERIFIER } from '../auth/auth.guard';
import { ParentChainScopeResolver, REGION_SCOPE_RESOLVER, RegionScope, ScopeGuard, type RegionScopeResolver } from '../auth/region-scope';
import { RolesGuard } from '../auth/roles.guard';
import { ROLE_REGISTRY, RoleRegistry } from '../auth/roles';
import { createTokenVerifier, type TokenVerifier } from '../auth/token-verifier';
import type { Config } from '../config/config';
import type { DocumentStore } from '../documents/document-store';
import type { EventStore } from '../store/event-store';
import { correlationIdFor, echoCorrelationId } from './correlation';
import { docsRoutes, type ApiDocumentLink } from './docs-page';
import { DEFAULT_IDEMPOTENCY_OPTIONS, IDEMPOTENCY_OPTIONS, IdempotencyInterceptor, leaseFor, type IdempotencyOptions } from './idempotency';
import { PinoNestLogger, createLogger } from './logging';
import { assertRolesRegistered, assertRoutesDeclared, buildOpenApi, discoverRoutes, type OpenApiDocument, type OpenApiInfo } from './openapi';
import { OPENAPI_DOCUMENT, type OpenApiHolder } from './openapi-file';
import { HEALTH_PROBE, PlatformController, type HealthProbe } from './platform.controller';
import { ProblemFilter, answerClientError, answerFrameworkError } from './problem.filter';
import { HttpResultInterceptor } from './result';
import { DOCUMENT_STORE, EVENT_STORE, HTTP_LOGGER } from './tokens';
import { KnownQueryGuard } from './known-query.guard';
import { acceptJsonBodiesOnly } from './json-body';
import { acceptMultipartUploads } from './multipart';
import { authenticateBeforeParsing } from './authenticate-first';
import { limitRequestsPerCaller } from './rate-limit';
import { ZodValidationPipe } from './validation';

export interface HttpAppOptions {
  config: Config;
  store: EventStore;
  /** Read models, and the Idempotency-Key records (collection `http_idempotency`). */
  documents: DocumentStore;
  /** The service's Nest modules and/or controllers. */
  imports?: ModuleMetadata['imports'];
  controllers?: Type[];
  providers?: Provider[];
  /** Default: pino on stdout at config.LOG_LEVEL, personal data scrubbed. */
  logger?: Logger;
  /** Default: exact scope-id match only; services with a region hierarchy pass theirs. */
  regionScope?: RegionScopeResolver;
  /** Default: from config (JWKS URL, public key, or the embedded key pair in DATA_DIR). */
  tokenVerifier?: TokenVerifier;
  /** Readiness beyond "the store answers", e.g. projections caught up. */
  ready?: () => Promise<boolean>;
  info?: OpenApiInfo;
  /** What /docs offers; default this app's own /openapi.json. A process mounting several services lists each one's. */
  apiDocuments?: ApiDocumentLink[];
  /** The roles tokens may carry and routes may name; default: the platform's only (auditor, service, system). */
  roles?: RoleRegistry;
  idempotency?: Partial<IdempotencyOptions>;
  /** Served as /openapi.json instead of the document of this app's own routes (mountServices: every service's). */
  openapi?: OpenApiDocument;
  /** Fastify's server factory (mountServices hands requests for mounted services' routes to their apps). */
  serverFactory?: FastifyServerFactory;
}

@Module({})
class PlatformHttpModule {}

@Module({})
class HttpAppModule {}

/**
 * A NestJS app on Fastify with the platform's one way through (docs/style.md §3): correlation id →
 * AuthGuard → RolesGuard → ScopeGuard → KnownQueryGuard → HttpResultInterceptor → IdempotencyInterceptor → zod pipe →
 * handler, every error through ProblemFilter. Initialised, not listening: call `app.listen(...)`, or
 * `app.getHttpAdapter().getInstance().inject(...)` in tests.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<NestFastifyApplication> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    genReqId: correlationIdFor,
    logController: new LogController({ requestIdLogLabel: 'correlationId' }),
    bodyLimit: config.HTTP_BODY_LIMIT,
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
  });
  const fastify = adapter.getInstance() as unknown as FastifyInstance;
  const tokenVerifier = options.tokenVerifier ?? (await createTokenVerifier(config));
  await limitRequestsPerCaller(fastify, tokenVerifier, config.HTTP_RATE_LIMIT_PER_MINUTE);
  authenticateBeforeParsing(fastify, tokenVerifier);
  acceptJsonBodiesOnly(fastify);
  await acceptMultipartUploads(fastify);
  echoCorrelationId(fastify);
  const info = options.info ?? { title: 'grid-governance', version: '0.1.0' };
  docsRoutes(fastify, options.apiDocuments ?? [{ name: info.title, url: '/openapi.json' }]);

  // Filled in once every module is scanned (below); the controller only reads it at request time.
  const built: { document?: OpenApiDocument } = {};
  const holder: OpenApiHolder = {
    document: () => {
      if (!built.document) throw new Error('the OpenAPI document is built when createHttpApp finishes');
      return built.document;
    },
  };
  const roles = options.roles ?? new RoleRegistry();
  const probe: HealthProbe = { position: () => options.store.headPosition(), ...(options.ready ? { ready: options.ready } : {}) };
  const platform: DynamicModule = {
    module: PlatformHttpModule,
    global: true, // service modules inject RegionScope, EVENT_STORE … without importing anything
    providers: [
      { provide: EVENT_STORE, useValue: options.store },
      { provide: DOCUMENT_STORE, useValue: options.documents },
      { provide: HTTP_LOGGER, useValue: logger },
      { provide: TOKEN_VERIFIER, useValue: tokenVerifier },
      { provide: REGION_SCOPE_RESOLVER, useValue: options.regionScope ?? new ParentChainScopeResolver() },
      { provide: HEALTH_PROBE, useValue: probe },
      { provide: OPENAPI_DOCUMENT, useValue: holder },
      { provide: ROLE_REGISTRY, useValue: roles },
      { provide: IDEMPOTENCY_OPTIONS, useValue: { ...DEFAULT_IDEMPOTENCY_OPTIONS, leaseMs: leaseFor(options.config), ...options.idempotency } },
      RegionScope,
      AuthGuard,
      RolesGuard,
      ScopeGuard,
      HttpResultInterceptor,
      IdempotencyInterceptor,
    ],
    exports: [EVENT_STORE, DOCUMENT_STORE, HTTP_LOGGER, TOKEN_VERIFIER, ROLE_REGISTRY, REGION_SCOPE_RESOLVER, HEALTH_PROBE, OPENAPI_DOCUMENT, RegionScope],
  };
  const root: DynamicModule = {
    module: HttpAppModule,
    imports: [platform, ...(options.imports ?? [])],
    controllers: [PlatformController, ...(options.controllers ?? [])],
    providers: options.providers ?? [],
  };

  // bodyParser: false — Nest would add a urlencoded parser; this API takes JSON bodies only (below).
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, { logger: new PinoNestLogger(logger), bodyParser: false, abortOnError: false });
  // Registered here rather than as APP_* providers so their order is explicit: the first is outermost.
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalGuards(app.get(AuthGuard), app.get(RolesGuard), app.get(ScopeGuard));
  app.useGlobalInterceptors(app.get(HttpResultInterceptor), app.get(IdempotencyInterceptor));
  app.useGlobalPipes(new ZodValidationPipe());

  try {
    const routes = discoverRoutes(controllersOf(app));
    assertRoutesDeclared(routes);
    assertRolesRegistered(routes, roles);
    app.useGlobalGuards(new KnownQueryGuard(routes)); // after the access guards: a stranger learns nothing of the routes
    built.document = options.openapi ?? buildOpenApi(routes, info);
    await app.init();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

function controllersOf(app: NestFastifyApplication): Type[] {
  const found = new Set<Type>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) if (wrapper.metatype) found.add(wrapper.metatype as Type);
  }
  return [...found];
}

