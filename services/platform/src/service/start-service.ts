import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import type { Clock } from '../application/clock';
import type { ReadModelSync } from '../application/write-result';
import { RoleRegistry } from '../auth/roles';
import type { TokenVerifier } from '../auth/token-verifier';
import type { Config } from '../config/config';
import { createHttpApp } from '../http/create-http-app';
import type { Infrastructure } from '../infrastructure/open-infrastructure';
import { loadMasterKey } from '../personal-data/master-key';
import { assertMasterKeyOfDistrict } from '../personal-data/master-key-check';
import { createPersonalDataVault, type PersonalDataVault } from '../personal-data/vault';
import { systemClock } from '../application/clock';
import { auditRoutesModule } from './audit-routes';
import { startReactions, withReactions } from './reactions';
import { startServiceReadSide } from './read-side';
import type { ServiceDefinition, ServiceDeps } from './service-definition';
import { within } from '../util/within';

/** What the service's composition gets (ServiceDeps), and what its HTTP app is built with. */
export interface ServiceAppOptions extends ServiceDeps {
  logger?: Logger;
  tokenVerifier?: TokenVerifier;
  ready?: () => Promise<boolean>;
  /** Default: the platform's roles and the service's own. */
  roles?: RoleRegistry;
}

/** The service's composed objects and its HTTP app, initialised but not listening (tests inject; the OpenAPI writer reads it). */
export async function createServiceApp<S>(definition: ServiceDefinition<S>, options: ServiceAppOptions): Promise<{ services: S; app: NestFastifyApplication }> {
  const { config, store, documents, vault, readModels, clock, logger, tokenVerifier, ready } = options;
  const services = definition.compose({ config, store, documents, vault, readModels, ...(clock ? { clock } : {}) });
  const app = await createHttpApp({
    config,
    store,
    documents,
    imports: [
      definition.http.module(services),
      ...(definition.audit ? [auditRoutesModule(definition.name, definition.audit.aggregates, services, { store, clock: clock ?? systemClock })] : []),
    ],
    info: definition.info,
    roles: options.roles ?? new RoleRegistry(definition.roles ?? []),
    ...(definition.http.regionScope ? { regionScope: definition.http.regionScope(services) } : {}),
    ...(logger ? { logger } : {}),
    ...(tokenVerifier ? { tokenVerifier } : {}),
    ...(ready ? { ready } : {}),
  });
  return { services, app };
}

export interface StartServiceOptions {
  config: Config;
  /** Default: the platform vault over `infra.keys` with the configured master key. */
  vault?: PersonalDataVault;
  /** Default: config.PORT (0 picks a free port); false: initialised, not listening (mountServices listens). */
  port?: number | false;
  clock?: Clock;
  logger?: Logger;
  /** Default: the platform's roles and the service's own (mountServices passes every mounted service's). */
  roles?: RoleRegistry;
}

export interface RunningService<S = unknown> {
  definition: ServiceDefinition<S>;
  /** The composed application objects (seeders and tests call them directly). */
  services: S;
  app: NestFastifyApplication;
  /** Where it listens, e.g. http://127.0.0.1:8080; undefined when started with `port: false`. */
  url: string | undefined;
  /** Ready to serve: its read side runs (a failed read-side worker is being restarted otherwise). */
  ready(): Promise<boolean>;
  /** Resolves once its read models and reactions have applied everything in the store when called (tests). */
  caughtUp(): Promise<void>;
  /** Stops HTTP, the reactions, the relay and the projections; leaves the infrastructure open (its opener closes it). */
  close(): Promise<void>;
}

/**
 * A service as a running process part: its read side (in a worker thread on the embedded default, else inline;
 * per-stream projections from the bus in production), the relay of its own categories, its reactions (store
 * subscriptions embedded, consumer groups on the bus in production), and its HTTP app, served once the read
 * models have caught up (scope checks read them).
 */
export async function startService<S>(definition: ServiceDefinition<S>, infra: Infrastructure, options: StartServiceOptions): Promise<RunningService<S>> {
  const { config, logger } = options;
  const vault = options.vault ?? (await districtVault(infra, config));
  const readSide = await startServiceReadSide(definition as ServiceDefinition, config, infra, logger);
  // The reactions get the composed objects, and writes of the composed objects wait on the reactions they cause.
  let reactions: Awaited<ReturnType<typeof startReactions<S>>> | undefined;
  const stopBackground = async () => {
    await reactions?.close();
    await readSide.close();
  };
  let app: NestFastifyApplication;
  let services: S;
  const ready = async () => readSide.failure() === undefined;
  try {
    await readSide.caughtUp();
    // One bound for the whole wait, however many parts it waits on (the idempotency lease counts on it).
    // The service's own write: relayed first (bus-fed read models and reactions see the bus), then applied.
    const settled = async (position: number) => {
      await readSide.relayed(position);
      await (reactions ? withReactions(readSide, reactions) : readSide).reached(position);
    };
    const sync: ReadModelSync = { reached: (position) => within(settled(position), config.READ_YOUR_WRITES_TIMEOUT_MS) };
    ({ app, services } = await createServiceApp(definition, {
      config,
      store: infra.store,
      documents: infra.documents,
      vault,
      readModels: sync,
      ready,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(logger ? { logger } : {}),
      ...(options.roles ? { roles: options.roles } : {}),
    }));
    // Production: reactions are consumer groups on the bus; embedded: store subscriptions (same events, same order per stream).
    const bus = infra.kinds.bus === 'embedded' ? {} : { bus: infra.bus };
    reactions = await startReactions(definition.reactions ?? [], { store: infra.store, documents: infra.documents, ...bus, services, readModels: readSide, settleTimeoutMs: config.READ_YOUR_WRITES_TIMEOUT_MS, ...(logger ? { logger } : {}) });
    if (options.port !== false) await app.listen({ port: options.port ?? config.PORT, host: config.HOST });
  } catch (error) {
    await stopBackground().catch(() => undefined);
    throw error;
  }
  return {
    definition,
    services,
    app,
    url: options.port === false ? undefined : urlOf(app, config),
    ready,
    async caughtUp() {
      await readSide.caughtUp();
      await reactions?.caughtUp();
    },
    async close() {
      await app.close();
      await stopBackground();
    },
  };
}

/** The address a listening app answers on, with a wildcard host shown as loopback. */
export function urlOf(app: NestFastifyApplication, config: Config): string {
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return `http://${host}:${port}`;
}

/** The vault under the configured master key, once the key file's keys are known to be wrapped under it. */
async function districtVault(infra: Infrastructure, config: Config): Promise<PersonalDataVault> {
  const masterKey = loadMasterKey(config);
  await assertMasterKeyOfDistrict(infra.keys, masterKey);
  return createPersonalDataVault({ documents: infra.keys, masterKey });
}
