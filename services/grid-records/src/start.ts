import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createPersonalDataVault, loadMasterKey, startRelay, type Config, type DocumentStore, type EventStore } from '@grid/platform';
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
import { startReadModels } from './projections/read-models';

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
  const services = composeServices({ store, documents, vault, readModels, ...(clock ? { clock } : {}) });
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
  const { store, documents, bus } = infra;
  const vault = options.vault ?? createPersonalDataVault({ documents: infra.keys, masterKey: loadMasterKey(config) });
  const relay = await startRelay({ store, bus, checkpoint: 'relay:grid-records', categories: GRID_RECORDS_CATEGORIES });
  const production = infra.kinds.bus === 'embedded' ? {} : { bus };
  const readModels = await startReadModels({ store, documents, ...production });
  // The cross-aggregate rules (a death ends statuses …); writes answer once the reactions they cause are done.
  const reactions = await startStatusReactions({
    store,
    cases: new CaseLookup(documents),
    persons: new PersonLookup(documents),
    readModels,
    ...production,
    ...(options.logger ? { onRefused: (r) => options.logger!.warn({ reaction: r }, 'a status rule was refused') } : {}),
  });
  const stopBackground = async () => {
    await reactions.close();
    await readModels.close();
    await relay.close();
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
