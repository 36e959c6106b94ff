import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Actor } from '@grid/contracts';
import { ConcurrencyError, type EventStore, type ExpectedRevision } from './event-store';
import { ANCHOR_EVENT, ANCHOR_STREAM, keyIdOf, signAnchor, type SignedAnchor } from './anchors';
import { auditReadLog, type ReadableLog } from './read-audit';
import { writtenEvents } from '../upcasting/upcasting-store';

/**
 * Verifies what the store hands out (auditReadLog), then signs the head as read, with the count of events up to
 * it and the log chain computed over them, and appends the anchor to the anchors stream. For stores whose
 * positions are not contiguous (KurrentDB); SQLite anchors inside its append transaction (SqliteEventStore.anchor).
 * A log that fails verification is not anchored.
 */
export async function anchorReadLog(
  store: ReadableLog & Pick<EventStore, 'append'>,
  key: KeyObject,
  actor: Actor,
  { anchorStream = ANCHOR_STREAM, expectedRevision = 'any' }: { anchorStream?: string; expectedRevision?: ExpectedRevision } = {},
): Promise<SignedAnchor> {
  const report = await auditReadLog(store, { trustedKeyIds: [keyIdOf(createPublicKey(key))], anchorStream });
  if (report.fault) throw new Error(`the log fails verification (${report.fault.kind}: ${report.fault.detail}); not anchored`);
  if (report.logHash === null) throw new Error('the log is empty; nothing to anchor');
  const { head: position, events, logHash, streams, streamsRoot } = report;
  const anchor = signAnchor({ position, events, logHash, streams, streamsRoot, anchoredAt: new Date().toISOString() }, key);
  await store.append(anchorStream, [{ type: ANCHOR_EVENT, data: { ...anchor }, actor }], { expectedRevision });
  return anchor;
}

/**
 * Anchors when due (ANCHOR_EVERY_HOURS, docs/audit.md): not while the last anchor is younger than `everyMs`, nor when
 * nothing was appended after it, nor on an empty log. Processes sharing the store race on the anchors stream's
 * revision: one anchors, the others find it done (null).
 */
export async function anchorIfDue(
  store: ReadableLog & Pick<EventStore, 'append'>,
  key: KeyObject,
  everyMs: number,
  actor: Actor,
  now = Date.now(),
): Promise<SignedAnchor | null> {
  const [last] = await writtenEvents(store).readStream(ANCHOR_STREAM, { direction: 'backwards', maxCount: 1 });
  if (last && Date.parse(last.recordedAt) + everyMs > now) return null;
  const head = await store.headPosition();
  if (head === 0 || (last && head <= last.globalPosition)) return null;
  try {
    return await anchorReadLog(store, key, actor, { expectedRevision: last ? last.streamRevision : 'no-stream' });
  } catch (error) {
    if (error instanceof ConcurrencyError) return null;
    throw error;
  }
}

/** The latest anchor on the anchors stream, as stored (for publishing), or null. */
export async function latestAnchorOf(store: Pick<EventStore, 'readStream'>, anchorStream = ANCHOR_STREAM): Promise<SignedAnchor | null> {
  const stored = await writtenEvents(store).readStream(anchorStream, { direction: 'backwards' });
  const latest = stored.find((e) => e.type === ANCHOR_EVENT);
  return latest ? (latest.data as unknown as SignedAnchor) : null;
}
