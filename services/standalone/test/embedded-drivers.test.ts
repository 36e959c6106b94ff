// `npm start` on the embedded default loads no production driver: the MongoDB, Kafka and KurrentDB clients (and
// the OpenTelemetry SDK) are required only by a process configured for them. It runs the BUILT standalone (dist/,
// as `npm test` builds it) in a child process, because jest's own module registry does not fill require.cache.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = join(__dirname, '..', 'dist', 'main.js');
const PRELOAD = join(__dirname, 'fixtures', 'report-drivers.cjs');
// The telemetry SDK too: with OTEL_ENABLED unset only @opentelemetry/api (no-ops) is loaded.
const DRIVERS = ['mongodb', 'kafkajs', '@kurrent/kurrentdb-client', '@opentelemetry/sdk-node'];

type Entry = { threadId: number; started?: string; required?: string; cached?: string[] };

let dir: string;
let child: ChildProcess | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'embedded-drivers-'));
});
afterEach(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

async function ready(url: string, exited: Promise<unknown>): Promise<void> {
  let stopped = false;
  void exited.then(() => (stopped = true));
  for (;;) {
    if (stopped) throw new Error('the process exited before /ready answered');
    const status = await fetch(`${url}/ready`).then((r) => r.status, () => 0);
    if (status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('the embedded default starts, serves and stops without requiring mongodb, kafkajs, the KurrentDB client or the telemetry SDK', async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npm run build)`);
  const port = await freePort();
  const report = join(dir, 'report.jsonl');
  let output = '';
  child = spawn(process.execPath, ['-r', PRELOAD, MAIN], {
    env: { PATH: process.env.PATH, DATA_DIR: join(dir, 'data'), PORT: String(port), HOST: '127.0.0.1', SEED_HOUSEHOLDS: '0', LOADED_DRIVERS_REPORT: report },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));

  await ready(`http://127.0.0.1:${port}`, exited).catch((error: Error) => {
    throw new Error(`${error.message}\n${output}`);
  });
  child.kill('SIGTERM');
  expect(await exited).toBe(0);

  const entries = readFileSync(report, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Entry);
  const cached = entries.find((e) => e.cached)!.cached!;
  expect(cached).toEqual(expect.arrayContaining(['fastify', '@nestjs/core'])); // the check sees what the process loaded
  expect(entries.filter((e) => e.started === 'worker').length).toBeGreaterThan(0); // the read-side worker is watched too
  expect({ cached: cached.filter((p) => DRIVERS.includes(p)), required: entries.filter((e) => e.required).map((e) => e.required) }).toEqual({ cached: [], required: [] });
}, 60_000); // boots a whole child process (17 s alone): a bound for a loaded machine, not a figure
