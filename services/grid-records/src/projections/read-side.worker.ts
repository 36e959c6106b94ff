// grid-records' read side in a worker thread (READ_SIDE=worker, the embedded default): see platform service/read-side.ts.
import { runServiceReadSide } from '@grid/platform';
import { gridRecordsProjections, startReadModels } from './read-models';

runServiceReadSide(startReadModels, gridRecordsProjections);
