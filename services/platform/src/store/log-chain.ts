import { createHash } from 'node:crypto';
import { sha256Hex } from './hash-chain';

/**
 * The log chain (docs/audit.md): every event's link over the whole log, `sha256(previous link | position |
 * event hash)`, the first event's previous link being empty. Unlike the per-stream chain it covers positions,
 * so a gap, a dropped stream or a reordering breaks it; a cut tail or a consistent rewrite is caught by the
 * signed anchors that fix a link at a position (anchors.ts).
 */
export function logLink(previous: string | null, position: number, eventHash: string): string {
  return sha256Hex(`${previous ?? ''}|${position}|${eventHash}`);
}

/** One stream's head at a position: its last revision and that event's hash. */
export type StreamHead = readonly [streamId: string, revision: number, hash: string];

/** sha256 over every stream's head, sorted by stream id, one `id revision hash` line each: what an anchor fixes of the streams. */
export function streamsRoot(heads: Iterable<StreamHead>): string {
  const lines = [...heads].map(([id, revision, hash]) => `${id} ${revision} ${hash}\n`);
  lines.sort();
  // Hashed a slice at a time, not joined: at 1.7 M streams the joined text and its UTF-8 copy were ~0.5 GB more at once.
  const root = createHash('sha256');
  for (let i = 0; i < lines.length; i += ROOT_SLICE) root.update(lines.slice(i, i + ROOT_SLICE).join(''));
  return root.digest('hex');
}

const ROOT_SLICE = 2000;
