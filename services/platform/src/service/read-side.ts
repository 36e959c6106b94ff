import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Infrastructure } from '../infrastructure/open-infrastructure';
import { startReadSideWorker } from '../read-side/read-side-host';
import type { ReadSideParts } from '../read-side/read-side-worker';
import { relayCheckpoint, type ServiceReadSideData } from '../read-side/service-read-side';
import { startRelay } from '../relay/relay';
import { SqliteEventStore } from '../store/sqlite/sqlite-event-store';
import type { ServiceDefinition } from './service-definition';

/** A running read side as the writer sees it. */
export interface RunningReadSide extends ReadSideParts {
  /** Undefined while it runs; why a failed worker is waiting to be started again. */
  failure(): Error | undefined;
  /**
   * Resolves once this service's own write at `position` is on the bus (the relay published it): what bus-fed read
   * models and reactions need before their caught-up can cover it. For the service's own positions only (a reaction's
   * event from another service has a position in another log).
   */
  relayed(position: number): Promise<void>;
}

/**
 * The read models and the relay of the service's own categories: in a worker thread on the embedded default
 * (READ_SIDE=worker, when the worker is built), else in this thread; production adapters feed the per-stream
 * projections from the bus.
 */
export async function startServiceReadSide(definition: ServiceDefinition, config: Config, infra: Infrastructure, logger?: Logger): Promise<RunningReadSide> {
  const { store, documents, bus, kinds } = infra;
  const start = definition.readSide?.start ?? noReadModels;
  const embedded = kinds.store === 'sqlite' && kinds.documents === 'sqlite' && kinds.bus === 'embedded' && store instanceof SqliteEventStore;
  const entry = embedded && config.READ_SIDE === 'worker' ? definition.readSide?.worker : null;
  if (entry && store instanceof SqliteEventStore) {
    const data: ServiceReadSideData = { service: definition.name, categories: [...definition.categories] };
    const worker = await startReadSideWorker({
      entry,
      config,
      store,
      data,
      settleTimeoutMs: config.READ_YOUR_WRITES_TIMEOUT_MS,
      onFailure: (error) =>
        logger?.error({ err: error, service: definition.name }, 'the read-side worker failed; it is started again after a back-off, writes answer without waiting for read models meanwhile'),
    });
    // Embedded: the read models follow the store itself, not the bus.
    return Object.assign(worker, { relayed: () => Promise.resolve() });
  }
  const relay = await startRelay({ store, bus, checkpoint: relayCheckpoint(definition.name), categories: [...definition.categories] });
  try {
    const settleTimeoutMs = config.READ_YOUR_WRITES_TIMEOUT_MS;
    const fromBus = kinds.bus !== 'embedded';
    const readModels = await start({ store, documents, settleTimeoutMs, ...(fromBus ? { bus } : {}) });
    return {
      reached: (position) => readModels.reached(position),
      relayed: (position) => (fromBus ? relay.reached(position) : Promise.resolve()),
      caughtUp: () => readModels.caughtUp(),
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

async function noReadModels(): Promise<ReadSideParts> {
  return { reached: async () => undefined, caughtUp: async () => undefined, close: async () => undefined };
}
