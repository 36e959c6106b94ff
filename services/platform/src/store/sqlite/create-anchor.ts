import { createPublicKey } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import type { Actor } from '@grid/contracts';
import { ANCHOR_EVENT, ANCHOR_STREAM, keyIdOf, loadOrCreateAnchorKey, type SignedAnchor } from '../anchors';
import { auditLog } from './log-audit';
import { SqliteEventStore } from './sqlite-event-store';

/**
 * Verifies the log, then signs its head with the data folder's anchor key (created on first use) and appends the
 * anchor to `anchors-log` (SqliteEventStore.anchor). A log that fails verification is not anchored.
 */
export async function createAnchor(path: string, dataDir: string, actor: Actor): Promise<SignedAnchor> {
  const store = await SqliteEventStore.open({ path }); // migrates a store from before the log chain, once
  try {
    const key = loadOrCreateAnchorKey(dataDir);
    const report = auditLog(path, { trustedKeyIds: [keyIdOf(createPublicKey(key))] });
    if (report.fault) throw new Error(`the log fails verification (${report.fault.kind}: ${report.fault.detail}); not anchored`);
    if (report.logHash === null) throw new Error('the log is empty; nothing to anchor');
    return await store.anchor(key, actor);
  } finally {
    await store.close();
  }
}

/** The latest anchor in the log, as stored (for publishing), or null; read only. */
export function latestAnchor(path: string): SignedAnchor | null {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const row = db
      .prepare('SELECT canonical FROM events WHERE stream_id = ? AND type = ? ORDER BY stream_revision DESC LIMIT 1')
      .get(ANCHOR_STREAM, ANCHOR_EVENT) as { canonical: string } | undefined;
    return row ? (JSON.parse(row.canonical) as { data: SignedAnchor }).data : null;
  } finally {
    db.close();
  }
}
