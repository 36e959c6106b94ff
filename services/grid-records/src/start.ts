import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createPersonalDataVault,
  loadMasterKey,
  SqliteEventStore,
  startReadSideWorker,
  startRelay,
  type Config,
  type DocumentStore,
  type EventStore,
} from '@grid/platform';
import { createHttpApp, type TokenVerifier } from '@grid/platform/http';
import type { Logger } from 'pino';
import { startStatusReactions, withReactions } from './application/assistance/status-reactions';
import type { Clock } from './application/clock';
import type { PersonalDataVault } from './application/personal-data';
import { GRID_RECORDS_CATEGORIES } from './application/streams';
import type { ReadModelSync } from './application/write-result';
import { composeServices } from './composition';
import type { Infrastructure as ServiceInfrastructure } from '@grid/platform';
import { GridRecordsModule } from './grid-records.module';
import { CaseLookup } from './projections/assistance/case-lookup';
import { PersonLookup } from './projections/person-index/person-lookup';
import { startReadModels, type ReadModels } from './projections/read-models';

export const SERVICE_INFO = {
  title: 'grid-records',
  version: '0.1.0',
  description: '网格户籍: 区划网格, 户, 居民 · region tree, households, residents',
};

export interface GridRecordsAppOptions {
  config: Config;
  store: EventStore;
  documents: DocumentStore;
  vault: PersonalDataVault;
  readModels: ReadModelSync;
  clock?: Clock;
  logger?: Logger;
  tokenVerifier?: TokenVerifier;
  ready?: () => Promise<boolean>;
}

/** The HTTP app of grid-records, initialised but not listening (tests inject; the OpenAPI writer reads it). */
export function createGridRecordsApp(options: GridRecordsAppOptions): Promise<NestFastifyApplication> {
  const { config, store, documents, vault, readModels, clock, logger, tokenVerifier, ready } = options;
  const services = composeServices({
    store,
    documents,
    vault,
    readModels,
    leadDays: config.BUSINESS_DATE_LEAD_DAYS,
    ...(clock ? { clock } : {}),
  });
  return createHttpApp({
    config,
    store,
    documents,
    imports: [GridRecordsModule.register(services)],
    regionScope: services.tree,
    info: SERVICE_INFO,
    ...(logger ? { logger } : {}),
    ...(tokenVerifier ? { tokenVerifier } : {}),
    ...(ready ? { ready } : {}),
  });
}

export interface StartOptions {
  config: Config;
  /** Opened by the caller, who closes it after `close()`: the standalone process shares one with other services. */
  infra: ServiceInfrastructure;
  /** Default: the platform vault over `infra.documents` with the configured master key. */
  vault?: PersonalDataVault;
  /** Default: config.PORT (0 picks a free port). */
  port?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface GridRecords {
  app: NestFastifyApplication;
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Stops HTTP, the relay and the projections; leaves the infrastructure open. */
  close(): Promise<void>;
}

/**
 * grid-records as a running service: its read models (from the store embedded, household ones from the bus in
 * production), the relay of its own categories to the bus, and the HTTP API on PORT.
 */
export async function startGridRecords(options: StartOptions): Promise<GridRecords> {
  const { config, infra } = options;
  const { store, documents } = infra;
  const vault = options.vault ?? createPersonalDataVault({ documents: infra.keys, masterKey: loadMasterKey(config) });
  const readSide = await startReadSide(config, infra, options.logger);
  const readModels = readSide.readModels;
  const production = infra.kinds.bus === 'embedded' ? {} : { bus: infra.bus };
  let reactions: Awaited<ReturnType<typeof startStatusReactions>>;
  try {
    // The cross-aggregate rules (a death ends statuses …); writes answer once the reactions they cause are done.
    reactions = await startStatusReactions({
      store,
      cases: new CaseLookup(documents),
      persons: new PersonLookup(documents),
      readModels,
      ...production,
      ...(options.logger ? { onRefused: (r) => options.logger!.warn({ reaction: r }, 'a status rule was refused') } : {}),
    });
  } catch (error) {
    await readSide.close().catch(() => undefined);
    throw error;
  }
  const stopBackground = async () => {
    await reactions.close();
    await readSide.close();
  };
  let app: NestFastifyApplication;
  try {
    // Serve only once the tree is there: scope checks read it, and an empty tree answers 404 to everything.
    await readModels.caughtUp();
    app = await createGridRecordsApp({
      config,
      store,
      documents,
      vault,
      readModels: withReactions(readModels, reactions),
      // A failed read-side worker: writes still answer (after the settle time), but /ready says it.
      ready: async () => readSide.failure() === undefined,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    await app.listen({ port: options.port ?? config.PORT, host: config.HOST });
  } catch (error) {
    await stopBackground().catch(() => undefined);
    throw error;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? config.PORT);
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return {
    app,
    url: `http://${host}:${port}`,
    async close() {
      await app.close();
      await stopBackground();
    },
  };
}

/** The compiled worker script (under jest, which runs the sources, the built copy in dist/); null when not built. */
function readSideEntry(): string | null {
  const dir = __filename.endsWith('.ts') ? join(__dirname, '..', 'dist') : __dirname;
  const entry = join(dir, 'projections', 'read-side.worker.js');
  return existsSync(entry) ? entry : null;
}

/**
 * The read models and the relay: in a worker thread on the embedded default (READ_SIDE=worker), else in this
 * thread (production adapters: household models from the bus, the relay to Kafka).
 */
async function startReadSide(
  config: Config,
  infra: ServiceInfrastructure,
  logger: Logger | undefined,
): Promise<{ readModels: ReadModels; failure(): Error | undefined; close(): Promise<void> }> {
  const { store, documents, bus, kinds } = infra;
  const embedded = kinds.store === 'sqlite' && kinds.documents === 'sqlite' && kinds.bus === 'embedded' && store instanceof SqliteEventStore;
  const entry = embedded && config.READ_SIDE === 'worker' ? readSideEntry() : null;
  if (entry && store instanceof SqliteEventStore) {
    const worker = await startReadSideWorker({
      entry,
      config,
      store,
      onFailure: (error) => logger?.error({ err: error }, 'the read-side worker failed; it is started again after a back-off, writes answer without waiting for read models meanwhile'),
    });
    return { readModels: worker, failure: () => worker.failure(), close: () => worker.close() };
  }
  const relay = await startRelay({ store, bus, checkpoint: 'relay:grid-records', categories: GRID_RECORDS_CATEGORIES });
  try {
    const readModels = await startReadModels({ store, documents, ...(kinds.bus === 'embedded' ? {} : { bus }) });
    return {
      readModels,
      failure: () => undefined,
      async close() {
        await readModels.close();
        await relay.close();
      },
    };
  } catch (error) {
    await relay.close().catch(() => undefined);
    throw error;
  }
}
