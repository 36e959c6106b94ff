// The read side in a worker thread (READ_SIDE=worker, the embedded default).
import { runServiceReadSide } from '@grid/platform';
import { charityProjections, startReadModels } from './read-models';

runServiceReadSide(startReadModels, charityProjections);
