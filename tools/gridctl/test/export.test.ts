// gridctl export and the standalone tools/verify-export.mjs: an export checks out, and a changed or re-signed one does not.
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { join, resolve } from 'node:path';
import { canonicalValue, keyIdOf, loadConfig, SqliteEventStore } from '@grid/platform';
import { gridctl as run, useScratchDataDir } from './scratch';

const VERIFY_EXPORT = resolve(__dirname, '..', '..', 'verify-export.mjs');
let dir: string;
let out: string;
const scratch = useScratchDataDir('gridctl-export-');

beforeEach(async () => {
  dir = scratch();
  out = join(dir, 'export');
  const store = await SqliteEventStore.open({ path: loadConfig({ DATA_DIR: dir }).databasePath, synchronous: 'OFF' });
  const actor = { id: 'test', role: 'system' } as const;
  for (const stream of ['test-a', 'test-b', 'test-a']) {
    await store.append(stream, [{ type: 'platform.probe.recorded', data: { n: 1, note: '走访 "引号" \u2028' }, actor }], { expectedRevision: 'any' });
  }
  await store.close();
});


/** The standalone verifier's exit code and report. */
function verifyExport(...args: string[]): { code: number; report: { ok: boolean; events?: number; anchorsChecked?: number; fault?: { kind: string } } } {
  try {
    return { code: 0, report: JSON.parse(execFileSync(process.execPath, [VERIFY_EXPORT, out, ...args], { encoding: 'utf8' })) };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, report: JSON.parse(e.stdout) };
  }
}

test('an export with an anchor checks out with the standalone verifier: every event, the anchor too', async () => {
  await run('anchor', 'create');
  await run('export', '--out', out);
  expect(verifyExport()).toEqual({ code: 0, report: expect.objectContaining({ ok: true, events: 4, anchorsChecked: 1 }) });
});

test('the embedded export is the log as stored, byte for byte: each row’s text behind its position and hash, the stored log link, the file untouched', async () => {
  await run('anchor', 'create');
  const path = loadConfig({ DATA_DIR: dir }).databasePath;
  const before = { bytes: readFileSync(path), modified: statSync(path).mtimeMs };
  const manifest = JSON.parse(await run('export', '--out', out)) as { logHash: string };
  const db = new DatabaseSync(path, { readOnly: true });
  const rows = db.prepare('SELECT global_position AS p, canonical, hash, log_hash AS link FROM events ORDER BY global_position').all() as {
    p: number;
    canonical: string;
    hash: string;
    link: string;
  }[];
  db.close();
  const lines = rows.map((r) => `{"globalPosition":${r.p},"hash":"${r.hash}",${r.canonical.slice(1)}\n`).join('');
  expect(readFileSync(join(out, 'events.ndjson'), 'utf8')).toBe(lines);
  expect(manifest.logHash).toBe(rows.at(-1)!.link);
  expect(Object.keys(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as object)).toEqual([
    'format', 'createdAt', 'events', 'head', 'logHash', 'streamsRoot', 'eventsSha256', 'anchors', 'keyId', 'publicKey', 'signature',
  ]);
  expect(readFileSync(path).equals(before.bytes)).toBe(true);
  expect(statSync(path).mtimeMs).toBe(before.modified);
});

test('a changed line of events.ndjson is refused: the manifest no longer signs that file', async () => {
  await run('export', '--out', out);
  const file = join(out, 'events.ndjson');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"n":1', '"n":2'));
  expect(verifyExport()).toMatchObject({ code: 1, report: { ok: false, fault: { kind: 'manifest' } } });
});

test('a changed export re-signed with another key passes only its own signature: the trusted key id refuses it', async () => {
  const manifest = JSON.parse(await run('export', '--out', out)) as { keyId: string };
  const file = join(out, 'events.ndjson');
  writeFileSync(file, readFileSync(file, 'utf8').replace('"n":1', '"n":2'));
  const forged = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const key = generateKeyPairSync('ed25519').privateKey;
  const { signature: _old, ...rest } = forged;
  Object.assign(rest, {
    eventsSha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
    keyId: keyIdOf(createPublicKey(key)),
    publicKey: createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64'),
  });
  writeFileSync(join(out, 'manifest.json'), JSON.stringify({ ...rest, signature: sign(null, Buffer.from(canonicalValue(rest)), key).toString('base64') }));
  expect(verifyExport()).toMatchObject({ code: 1, report: { fault: { kind: 'content' } } });
  expect(verifyExport('--key-id', manifest.keyId)).toMatchObject({ code: 1, report: { fault: { kind: 'manifest' } } });
});
