import { createHash, createPublicKey, sign } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ANCHOR_EVENT, ANCHOR_STREAM, canonicalValue, keyIdOf, loadOrCreateAnchorKey, streamsRoot, type Config, type SignedAnchor } from '@grid/platform';

export interface ExportManifest {
  format: 'grid-export-v1';
  createdAt: string;
  events: number;
  /** Last position exported, the log chain's link and the streams' root there (docs/audit.md). */
  head: number;
  logHash: string | null;
  streamsRoot: string;
  /** sha256 of events.ndjson, hex. */
  eventsSha256: string;
  /** The anchors found in the log, as stored. */
  anchors: SignedAnchor[];
  keyId: string;
  publicKey: string;
}

/**
 * Writes `<out>/events.ndjson` (every envelope in log order, one a line: its hashed text with `globalPosition` and
 * `hash`) and `<out>/manifest.json` (what the export holds, signed with the anchor key: Ed25519 over the RFC 8785
 * text of the manifest without `signature`). Read only on the store; `tools/verify-export.mjs` checks the result.
 */
export function exportStore(config: Config, out: string): ExportManifest & { signature: string } {
  mkdirSync(out, { recursive: true });
  const key = loadOrCreateAnchorKey(config.dataDir);
  const db = new DatabaseSync(config.databasePath, { readOnly: true });
  const file = openSync(join(out, 'events.ndjson'), 'w', 0o600);
  const digest = createHash('sha256');
  const heads = new Map<string, [string, number, string]>();
  const anchors: SignedAnchor[] = [];
  let events = 0;
  let head = 0;
  let logHash: string | null = null;
  try {
    const rows = db.prepare('SELECT global_position, stream_id, stream_revision, type, canonical, hash, log_hash FROM events ORDER BY global_position');
    rows.setReturnArrays(true);
    for (const [position, streamId, revision, type, canonical, hash, link] of rows.iterate() as Iterable<[number, string, number, string, string, string, string]>) {
      const line = `{"globalPosition":${position},"hash":"${hash}",${canonical.slice(1)}\n`;
      writeSync(file, line);
      digest.update(line);
      heads.set(streamId, [streamId, revision, hash]);
      if (streamId === ANCHOR_STREAM && type === ANCHOR_EVENT) anchors.push((JSON.parse(canonical) as { data: SignedAnchor }).data);
      events += 1;
      head = position;
      logHash = link;
    }
  } finally {
    closeSync(file);
    db.close();
  }
  const publicKey = createPublicKey(key);
  const manifest: ExportManifest = {
    format: 'grid-export-v1',
    createdAt: new Date().toISOString(),
    events,
    head,
    logHash,
    streamsRoot: streamsRoot(heads.values()),
    eventsSha256: digest.digest('hex'),
    anchors,
    keyId: keyIdOf(publicKey),
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
  const signed = { ...manifest, signature: sign(null, Buffer.from(canonicalValue(manifest)), key).toString('base64') };
  const text = `${JSON.stringify(signed, null, 2)}\n`;
  const fd = openSync(join(out, 'manifest.json'), 'w', 0o644);
  writeSync(fd, text);
  closeSync(fd);
  return signed;
}
