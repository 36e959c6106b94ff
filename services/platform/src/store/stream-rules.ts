import type { Envelope } from '@grid/contracts';
import { ConcurrencyError, type ExpectedRevision, type ReadStreamOptions } from './event-store';

/** Throws ConcurrencyError unless the stream is where the writer expected it. */
export function checkExpected(streamId: string, expected: ExpectedRevision, actual: number | 'no-stream'): void {
  if (expected === 'any') return;
  if (expected === 'no-stream' ? actual !== 'no-stream' : actual !== expected) {
    throw new ConcurrencyError(streamId, expected, actual);
  }
}

/** Applies direction / fromRevision / maxCount to a whole stream held in revision order. */
export function sliceStream(events: Envelope[], options: ReadStreamOptions): Envelope[] {
  const { direction = 'forwards', fromRevision, maxCount = Number.MAX_SAFE_INTEGER } = options;
  if (direction === 'forwards') {
    return events.filter((e) => fromRevision === undefined || e.streamRevision >= fromRevision).slice(0, maxCount);
  }
  return events.filter((e) => fromRevision === undefined || e.streamRevision <= fromRevision).reverse().slice(0, maxCount);
}
