// Child processes for multi-process.infra.test.ts: output kept line by line, waited on by pattern, killed by PID
// in afterAll whatever happened; and the built entry points they run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EMBEDDED_AUDIENCE, EMBEDDED_ISSUER } from '@grid/platform/http';

export const ROOT = join(__dirname, '..', '..', '..');
export const GRID_RECORDS_MAIN = join(ROOT, 'services', 'grid-records', 'dist', 'main.js');
const CONSUMER_SRC = join(ROOT, 'test', 'src', 'processes');
export const CONSUMER_MAIN = join(ROOT, 'test', 'dist', 'processes', 'household-feed-consumer.js');

/**
 * The environment of a service process in the production shape: SQLite store in its own DATA_DIR, Kafka bus,
 * MongoDB read models (and the vault's keys) in `database`, the master key from the environment (a shared document
 * store), and the test's signing key standing in for the identity provider's.
 */
export function serviceEnv(o: { name: string; dataDir: string; brokers: string; mongoUrl: string; database: string; masterKey: string; publicKeyPem: string; partitions?: string }): Record<string, string> {
  return {
    SERVICE_NAME: o.name,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: o.dataDir,
    EVENT_STORE: 'sqlite',
    BUS: 'kafka',
    KAFKA_BROKERS: o.brokers,
    // The test broker's plaintext listener, chosen by name (SASL_SSL: platform's kafka-security.infra.test.ts).
    KAFKA_ALLOW_PLAINTEXT: 'true',
    ...(o.partitions ? { KAFKA_PARTITIONS: o.partitions } : {}),
    DOCUMENT_STORE: 'mongodb',
    MONGODB_URL: o.mongoUrl,
    MONGODB_DATABASE: o.database,
    PERSONAL_DATA_MASTER_KEY: o.masterKey,
    JWT_PUBLIC_KEY: o.publicKeyPem,
    JWT_ISSUER: EMBEDDED_ISSUER,
    JWT_AUDIENCE: EMBEDDED_AUDIENCE,
    LOG_LEVEL: 'warn',
    // The next step reads what the last wrote; on a loaded CI machine the consumers can take longer than the 5 s default.
    READ_YOUR_WRITES_TIMEOUT_MS: '30000',
    OTEL_ENABLED: 'false',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for what only arrives through Kafka; the limit only bounds a failure, it asserts nothing about speed. */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, limitMs = 60_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached, last ${JSON.stringify(value)}`);
    await sleep(250);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Child processes: output kept line by line, waited on by pattern, killed by PID in afterAll whatever happened.

export interface Child {
  name: string;
  proc: ChildProcess;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  onLine: Set<(line: string) => void>;
}

export const children: Child[] = [];

export function startChild(name: string, script: string, env: Record<string, string>): Child {
  const proc = spawn(process.execPath, ['--trace-warnings', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child: Child = {
    name,
    proc,
    lines: [],
    onLine: new Set(),
    exited: new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal }))),
  };
  for (const stream of [proc.stdout!, proc.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      child.lines.push(line);
      for (const listener of child.onLine) listener(line);
    });
  }
  children.push(child);
  return child;
}

export const alive = (c: Child) => c.proc.exitCode === null && c.proc.signalCode === null;
export const tail = (c: Child, n = 60) => `--- last lines of ${c.name} (pid ${c.proc.pid}) ---\n${c.lines.slice(-n).join('\n')}`;

/** The first line (from now on when `fresh`, else since the start) that matches. */
export function waitForLine(child: Child, pattern: RegExp, timeoutMs: number, fresh = false): Promise<RegExpMatchArray> {
  const seen = fresh ? undefined : child.lines.map((l) => l.match(pattern)).find(Boolean);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const done = (fn: () => void) => {
      clearTimeout(timer);
      child.onLine.delete(listener);
      fn();
    };
    const listener = (line: string) => {
      const m = line.match(pattern);
      if (m) done(() => resolve(m));
    };
    const timer = setTimeout(
      () => done(() => reject(new Error(`${child.name}: no line matching ${pattern} within ${timeoutMs} ms\n${tail(child)}`))),
      timeoutMs,
    );
    child.onLine.add(listener);
    void child.exited.then(({ code, signal }) =>
      done(() => reject(new Error(`${child.name} exited (code ${code}, signal ${signal}) before printing ${pattern}\n${tail(child)}`))),
    );
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopChild(child: Child, graceMs = 8000): Promise<void> {
  if (alive(child)) {
    child.proc.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
    if ((await Promise.race([child.exited, late])) === 'late') child.proc.kill('SIGKILL');
    clearTimeout(timer);
  }
  await child.exited;
}

// ---------------------------------------------------------------------------------------------------------
// The built entry points: grid-records comes from the bootstrap's build (test:infra builds first); the
// consumer is this workspace's own build output, rebuilt here when its sources are newer.

function newestMtime(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((e) =>
      e.isDirectory() ? newestMtime(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
    ),
  );
}

export function ensureBuilt(): void {
  if (!existsSync(GRID_RECORDS_MAIN))
    throw new Error(`${GRID_RECORDS_MAIN} is missing: run \`node scripts/bootstrap.cjs build\` (npm run test:infra does)`);
  if (!existsSync(CONSUMER_MAIN) || statSync(CONSUMER_MAIN).mtimeMs < newestMtime(CONSUMER_SRC)) {
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-package.cjs')], { cwd: join(ROOT, 'test'), encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`building @grid/e2e failed:\n${built.stderr}`);
  }
}
