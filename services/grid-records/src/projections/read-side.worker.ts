import { runReadSide, startRelay } from '@grid/platform';
import { GRID_RECORDS_CATEGORIES } from '../application/streams';
import { startReadModels } from './read-models';

/** The longest a timer can wait: here a read model is waited for until it is there (the writer has its own limit). */
const UNTIL_THERE_MS = 2_147_483_647;

/**
 * grid-records' read side in a worker thread (READ_SIDE=worker, the embedded default): the read models and the
 * relay of its categories to the bus, on their own connections, fed up to what the writer reports durable.
 */
runReadSide(async ({ store, documents, bus }) => {
  const relay = await startRelay({ store, bus, checkpoint: 'relay:grid-records', categories: GRID_RECORDS_CATEGORIES });
  try {
    const readModels = await startReadModels({ store, documents, settleTimeoutMs: UNTIL_THERE_MS });
    return {
      reached: (position) => readModels.reached(position),
      caughtUp: () => readModels.caughtUp(),
      async close() {
        await readModels.close();
        await relay.close();
      },
    };
  } catch (error) {
    await relay.close();
    throw error;
  }
});
