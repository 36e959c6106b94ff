// Every read model of the four services, rebuilt from the demo `npm start` seeds, equals the live one (gridctl
// replay-compare --service all), the server stopped; rebuilt in place, it still does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, openInfrastructure, type Infrastructure } from '@grid/platform';
import { createLogger } from '@grid/platform/http';
import { mountServices } from '@grid/platform/service';
import { SERVICES } from '../src/services';
import { gridctl as run } from './scratch';

let dir: string;
let infra: Infrastructure;
const saved = process.env.DATA_DIR;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridctl-demo-'));
  const config = loadConfig({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'OFF', HOST: '127.0.0.1', LOG_LEVEL: 'silent', READ_SIDE: 'inline' });
  infra = await openInfrastructure(config);
  const mounted = await mountServices(SERVICES, infra, { config, port: 0, logger: createLogger({ level: 'silent' }) });
  const signal = new AbortController().signal;
  for (const s of mounted.services) await s.definition.demo!.seed({ services: s.services, store: infra.store, size: 60, signal, progress: () => undefined, caughtUp: () => s.caughtUp() } as never);
  for (const s of mounted.services) await s.caughtUp();
  await mounted.close();
  process.env.DATA_DIR = dir;
}, 240_000);
afterAll(async () => {
  if (saved === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = saved;
  await infra?.close();
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = undefined;
});

test('replay-compare --service all finds no difference in any service’s read models; rebuild --service all keeps it so', async () => {
  const report = JSON.parse(await run('replay-compare', '--service', 'all'));
  expect(report.differences).toEqual([]);
  const names = report.collections.map((c: { name: string }) => c.name);
  for (const prefix of ['elections_', 'help_projects_', 'charity_', 'households']) expect(names.some((n: string) => n.startsWith(prefix))).toBe(true);
  expect(report.collections.every((c: { live: number; rebuilt: number }) => c.live === c.rebuilt)).toBe(true);
  await run('rebuild', '--service', 'all');
  expect(JSON.parse(await run('replay-compare', '--service', 'all'))).toMatchObject({ ok: true });
  expect(process.exitCode).toBeUndefined();
}, 120_000);
