// The start-up banner of `npm start`: a token per role that the server's own verifier accepts, scoped as a real
// user of that role would be, and the addresses a new user needs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '@grid/platform';
import { createTokenVerifier } from '@grid/platform/http';
import { demoInfo, demoUsers, seedLayout } from '@grid/grid-records';
import { banner, demoTokens } from '../src/demo';
import { seedHouseholds } from '../src/server';

let dir: string;
let config: Config;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'standalone-'));
  config = loadConfig({ DATA_DIR: dir });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('one token per role, each accepted by the verifier the server builds from the same data folder', async () => {
  const layout = seedLayout();
  const tokens = await demoTokens(config, demoUsers(layout));
  expect(tokens.map((t) => t.role)).toEqual(['grid-worker', 'community-official', 'street-official', 'district-official', 'auditor']);
  const verifier = await createTokenVerifier(config);
  const principals = await Promise.all(tokens.map((t) => verifier.verify(t.token)));
  // The grid worker is one of the seeded grid's assigned workers, scoped to that grid only.
  const worker = layout.workers.find((w) => w.gridKey === 's1c1g')!;
  expect(principals[0]).toEqual({ sub: worker.workerId, role: 'grid-worker', scope: [worker.gridId] });
  expect(principals[1]!.scope).toEqual([layout.regionIds.s1c1]);
  expect(principals[2]!.scope).toEqual([layout.regionIds.s1]);
  expect(principals[3]!.scope).toEqual([layout.districtId]);
  expect(principals[4]).toMatchObject({ role: 'auditor', scope: [layout.districtId] });
});

test('no tokens are minted when an identity provider issues them', async () => {
  const production = loadConfig({ DATA_DIR: dir, JWT_JWKS_URL: 'https://idp.example/jwks.json', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'grid' });
  await expect(demoTokens(production, demoUsers(seedLayout()))).resolves.toEqual([]);
});

test('the banner names the URL, health, docs, OpenAPI and an export line per token', async () => {
  const layout = seedLayout();
  const tokens = await demoTokens(config, demoUsers(layout));
  const text = banner({
    url: 'http://127.0.0.1:8080',
    config,
    kinds: { store: 'sqlite', bus: 'embedded', documents: 'sqlite' },
    services: ['grid-records'],
    demos: [{ service: 'grid-records', demo: demoInfo(layout, '冷水滩区, seeded now (2000 households, 4.3 s)') }],
    tokens,
  });
  for (const part of [
    'http://127.0.0.1:8080/health',
    'http://127.0.0.1:8080/docs',
    'http://127.0.0.1:8080/openapi.json',
    '2000 households, 4.3 s',
  ])
    expect(text).toContain(part);
  for (const t of tokens) expect(text).toContain(`export ${t.variable}=${t.token}`);
  expect(text).toContain(`/v1/regions/${layout.districtId}/children`);
  expect(text).toMatch(/Demo tokens, for the made-up demo district only/);
});

test('without demo data the banner prints no token, only how to get one', () => {
  const text = banner({ url: 'http://127.0.0.1:8080', config, kinds: { store: 'sqlite', bus: 'embedded', documents: 'sqlite' }, services: ['grid-records'], demos: [{ service: 'grid-records', demo: null }], tokens: [] });
  expect(text).toContain('npm run gridctl -- token --role <role> --scope <regionId>');
  expect(text).not.toMatch(/export \w+_TOKEN=/);
});

test('SEED_HOUSEHOLDS: default 2 000, 0 for none, nonsense refused', () => {
  expect(seedHouseholds({})).toBe(2000);
  expect(seedHouseholds({ SEED_HOUSEHOLDS: '0' })).toBe(0);
  expect(() => seedHouseholds({ SEED_HOUSEHOLDS: 'lots' })).toThrow(/SEED_HOUSEHOLDS/);
});
