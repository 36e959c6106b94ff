import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { anchorPublicKeyId, auditLogParallel, type AuditReport, type Config, type SignedAnchor } from '@grid/platform';

export interface VerifyReport extends AuditReport {
  store: string;
  ms: number;
}

/**
 * auditLog over the embedded store, read only (docs/audit.md): both chains, positions, the streams table and
 * every anchor, the log's own trusted by the data folder's anchor key when it is there, and the published ones
 * given. Safe beside a running server (a WAL reader blocks no writer). `onProgress`: events checked and head.
 * `threads` worker threads share the log (default: the machine's cores); 1 reads it on this thread.
 */
export async function verifyStore(
  config: Config,
  anchorFiles: string[] = [],
  onProgress?: (position: number, head: number) => void,
  threads = availableParallelism(),
): Promise<VerifyReport> {
  if (config.EVENT_STORE !== 'sqlite') throw new Error(`verify reads the embedded store; EVENT_STORE is ${config.EVENT_STORE}`);
  if (!existsSync(config.databasePath)) throw new Error(`no event store at ${config.databasePath} (set DATA_DIR)`);
  const published = anchorFiles.flatMap(readAnchors);
  const own = anchorPublicKeyId(config.dataDir);
  const started = performance.now();
  const report = await auditLogParallel(config.databasePath, { published, trustedKeyIds: own ? [own] : [], onProgress, threads });
  return { store: config.databasePath, ...report, ms: Math.round(performance.now() - started) };
}

/** A published anchor file: one anchor (as `gridctl anchor show` prints it) or a list of them. */
export function readAnchors(file: string): SignedAnchor[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as SignedAnchor | SignedAnchor[];
  return Array.isArray(parsed) ? parsed : [parsed];
}
