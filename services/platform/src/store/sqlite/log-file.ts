import type { Envelope } from '@grid/contracts';
import { DatabaseSync } from 'node:sqlite';
import type { ReadAllOptions } from '../event-store';
import { decodeRow, EVENT_COLUMNS, type EventRow } from './event-rows';

/**
 * The embedded store's log as its readAll hands it out (envelopes with their stored text attached), read from the
 * file read only: no migration, no pragma, nothing written, safe beside a running server. For gridctl export.
 */
export async function* readLogFile(path: string, options: ReadAllOptions = {}): AsyncIterable<Envelope> {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    db.exec('BEGIN'); // one snapshot for every batch: the log as it was when the first batch was read
    const batch = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?`);
    batch.setReturnArrays(true);
    const size = Math.max(1, options.batchSize ?? 500);
    for (let after = options.fromPosition ?? 0; ; ) {
      const rows = batch.all(after, size) as unknown as EventRow[];
      for (const row of rows) yield decodeRow(row);
      if (rows.length < size) return;
      after = rows[rows.length - 1]![0];
    }
  } finally {
    db.close();
  }
}
