// gridctl against a scratch data folder: a printed token is one the server's own verifier accepts, and verify
// reports a tampered event by position.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { loadConfig, SqliteEventStore } from '@grid/platform';
import { createTokenVerifier } from '@grid/platform/http';
import { program } from '../src/main';

let dir: string;
const saved = process.env.DATA_DIR;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridctl-'));
  process.env.DATA_DIR = dir;
});

afterEach(() => {
  if (saved === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = saved;
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

async function run(...args: string[]): Promise<string> {
  let out = '';
  await program({ write: (text) => (out += text), embedded: true }).parseAsync(['node', 'gridctl', ...args]);
  return out;
}

describe('gridctl token', () => {
  test('prints a token the embedded server accepts, with the role, scope and subject asked for', async () => {
    const token = (await run('token', '--role', 'grid-worker', '--scope', 'grid-7', '--sub', 'gw-101', '--ttl', '1h')).trim();
    // The verifier the server builds from the same data folder (createHttpApp's default).
    const verifier = await createTokenVerifier(loadConfig({ DATA_DIR: dir }));
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'gw-101', role: 'grid-worker', scope: ['grid-7'] });
  });

  test('defaults: a subject named after the role, 8 hours; the scope is never defaulted to city-wide', async () => {
    const token = (await run('token', '--role', 'auditor', '--scope', 'd1')).trim();
    const principal = await (await createTokenVerifier(loadConfig({ DATA_DIR: dir }))).verify(token);
    expect(principal).toEqual({ sub: 'auditor-cli', role: 'auditor', scope: ['d1'] });
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(8 * 3600);
    await expect(run('token', '--role', 'auditor')).rejects.toThrow(/--scope/);
  });

  test('refuses a lifetime over 12 hours', async () => {
    await expect(run('token', '--role', 'auditor', '--scope', 'd1', '--ttl', '13h')).rejects.toThrow(/12 h/);
  });

  test.each([
    ['EVENT_STORE', 'kurrentdb', { KURRENTDB_URL: 'kurrentdb://k:2113' }],
    ['DOCUMENT_STORE', 'mongodb', { MONGODB_URL: 'mongodb://m/grid' }],
  ])('refuses production configuration (%s=%s)', async (key, value, extra) => {
    const env = { [key]: value, ...extra, JWT_PUBLIC_KEY_FILE: '/run/secrets/jwt', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'grid' };
    Object.assign(process.env, env);
    try {
      await expect(run('token', '--role', 'auditor', '--scope', 'd1')).rejects.toThrow(/identity provider/);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
  });

  test('refuses to mint when an identity provider issues the tokens', async () => {
    Object.assign(process.env, { JWT_JWKS_URL: 'https://idp.example/jwks.json', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'grid' });
    try {
      await expect(run('token', '--role', 'auditor', '--scope', 'd1')).rejects.toThrow(/identity provider/);
    } finally {
      for (const k of ['JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE']) delete process.env[k];
    }
  });
});

describe('gridctl verify', () => {
  async function storeWithEvents(): Promise<string> {
    const path = loadConfig({ DATA_DIR: dir }).databasePath;
    const store = await SqliteEventStore.open({ path, synchronous: 'OFF' });
    const actor = { id: 'test', role: 'system' } as const;
    for (const stream of ['probe-1', 'probe-2']) {
      const events = [0, 1, 2].map((i) => ({ eventId: crypto.randomUUID(), type: 'platform.probe.recorded', data: { i }, actor }));
      await store.append(stream, events, { expectedRevision: 'no-stream' });
    }
    await store.close();
    return path;
  }

  test('an untouched store verifies', async () => {
    await storeWithEvents();
    const report = JSON.parse(await run('verify')) as { ok: boolean; eventsChecked: number; streamsChecked: number };
    expect(report).toMatchObject({ ok: true, eventsChecked: 6, streamsChecked: 2, firstFault: null });
    expect(process.exitCode).toBeUndefined();
  });

  test('a changed event is named by stream, revision and position, and the exit code says so', async () => {
    const path = await storeWithEvents();
    const db = new DatabaseSync(path);
    db.prepare(
      `UPDATE events SET canonical = replace(canonical, '"i":1', '"i":9') WHERE stream_id = 'probe-2' AND stream_revision = 1`,
    ).run();
    db.close();
    const report = JSON.parse(await run('verify')) as { ok: boolean; firstFault: unknown };
    expect(report).toMatchObject({
      ok: false,
      firstFault: { streamId: 'probe-2', streamRevision: 1, globalPosition: 5, problem: 'hash-mismatch' },
    });
    expect(process.exitCode).toBe(2);
  });

  test('a missing store is an error, not an empty success', async () => {
    await expect(run('verify')).rejects.toThrow(/no event store/);
  });
});
