import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { anchorPublicKeyId, auditLogParallel, auditReadLog, type AuditReport, type Config, type SignedAnchor } from '@grid/platform';
import { kurrentDbAddress, withKurrentDb } from './event-store';

export interface VerifyReport extends AuditReport {
  store: string;
  ms: number;
}

/**
 * auditLog over the embedded store, read only (docs/audit.md): both chains, positions, the streams table and
 * every anchor, the log's own trusted by the data folder's anchor key when it is there, and the published ones
 * given. Safe beside a running server (a WAL reader blocks no writer). `onProgress`: events checked and head.
 * `threads` worker threads share the log (default: the machine's cores); 1 reads it on this thread.
 * On KurrentDB, auditReadLog over what the client reads of $all and of each stream (one thread).
 */
export async function verifyStore(
  config: Config,
  anchorFiles: string[] = [],
  onProgress?: (position: number, head: number) => void,
  threads = availableParallelism(),
): Promise<VerifyReport> {
  const published = anchorFiles.flatMap(readAnchors);
  const own = anchorPublicKeyId(config.dataDir);
  const started = performance.now();
  if (config.EVENT_STORE === 'kurrentdb') {
    const report = await withKurrentDb(config, (store) => auditReadLog(store, { published, trustedKeyIds: own ? [own] : [], onProgress }));
    return { store: kurrentDbAddress(config), ...report, ms: Math.round(performance.now() - started) };
  }
  if (!existsSync(config.databasePath)) throw new Error(`no event store at ${config.databasePath} (set DATA_DIR)`);
  const report = await auditLogParallel(config.databasePath, { published, trustedKeyIds: own ? [own] : [], onProgress, threads });
  return { store: config.databasePath, ...report, ms: Math.round(performance.now() - started) };
}

/** A published anchor file: one anchor (as `gridctl anchor show` prints it) or a list of them. */
export function readAnchors(file: string): SignedAnchor[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as SignedAnchor | SignedAnchor[];
  return Array.isArray(parsed) ? parsed : [parsed];
}
