import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Envelope } from '@grid/contracts';
import {
  ANCHOR_EVENT,
  ANCHOR_STREAM,
  canonicalTextOf,
  canonicalValue,
  keyIdOf,
  loadOrCreateAnchorKey,
  logLink,
  readLogFile,
  streamsRoot,
  type Config,
  type SignedAnchor,
} from '@grid/platform';
import { withKurrentDb } from './event-store';

export interface ExportManifest {
  format: 'grid-export-v1';
  createdAt: string;
  events: number;
  /** Last position exported, the log chain's link and the streams' root there (docs/audit.md). */
  head: number;
  /**
   * Only where positions do not count the events (KurrentDB's commit positions): `increasing`, and the log chain runs
   * over the events' sequence numbers, as verify computes it there. Absent: positions are 1, 2, 3 … (SQLite).
   */
  positions?: 'increasing';
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
 * text of the manifest without `signature`). Reads what the store's readAll hands out: the embedded store's file read
 * only, or KurrentDB through the client (EVENT_STORE=kurrentdb). `tools/verify-export.mjs` checks the result.
 */
export async function exportStore(config: Config, out: string): Promise<ExportManifest & { signature: string }> {
  const key = loadOrCreateAnchorKey(config.dataDir);
  if (config.EVENT_STORE === 'kurrentdb') return withKurrentDb(config, (store) => exportLog(store.readAll(), key, out));
  return exportLog(readLogFile(config.databasePath), key, out);
}

/**
 * The export of a log as readAll hands it out. The log chain is computed over the events' sequence numbers (the
 * store's own `log_hash` where positions are 1, 2, 3 …, so an embedded export is what it was when read from columns).
 */
export async function exportLog(log: AsyncIterable<Envelope>, key: KeyObject, out: string): Promise<ExportManifest & { signature: string }> {
  mkdirSync(out, { recursive: true });
  const file = openSync(join(out, 'events.ndjson'), 'w', 0o600);
  const digest = createHash('sha256');
  const heads = new Map<string, [string, number, string]>();
  const anchors: SignedAnchor[] = [];
  let events = 0;
  let head = 0;
  let logHash: string | null = null;
  let contiguous = true;
  try {
    for await (const e of log) {
      const line = `{"globalPosition":${e.globalPosition},"hash":"${e.hash}",${canonicalTextOf(e).slice(1)}\n`;
      writeSync(file, line);
      digest.update(line);
      heads.set(e.streamId, [e.streamId, e.streamRevision, e.hash]);
      if (e.streamId === ANCHOR_STREAM && e.type === ANCHOR_EVENT) anchors.push(e.data as unknown as SignedAnchor);
      events += 1;
      contiguous &&= e.globalPosition === events;
      head = e.globalPosition;
      logHash = logLink(logHash, events, e.hash);
    }
  } finally {
    closeSync(file);
  }
  const publicKey = createPublicKey(key);
  const manifest: ExportManifest = {
    format: 'grid-export-v1',
    createdAt: new Date().toISOString(),
    events,
    head,
    ...(contiguous ? {} : { positions: 'increasing' as const }),
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
