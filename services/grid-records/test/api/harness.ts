// A real grid-records service for HTTP tests: embedded adapters (SQLite files) in a temp dir, driven through
// fastify's inject. `seedRegions` builds 区 d1 ⊃ 街道 s1 ⊃ 社区 c1 ⊃ 网格 {g1, g2}; d1 ⊃ s2 ⊃ c2 ⊃ g3.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Role } from '@grid/contracts';
import { loadConfig, type Config } from '@grid/platform';
import { createLogger, signEmbeddedToken } from '@grid/platform/http';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openInfrastructure, type Infrastructure as ServiceInfrastructure } from '@grid/platform';
import { startGridRecords, type GridRecords } from '../../src/start';

export interface Harness {
  config: Config;
  infra: ServiceInfrastructure;
  service: GridRecords;
  fastify: FastifyInstance;
  logLines: string[];
  /** Region ids by their test names (d1, s1, c1, g1 …). */
  regions: Record<string, string>;
  token(role: Role, scope: string[], sub?: string): Promise<string>;
  get(url: string, token?: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body: unknown, token?: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** `env` adds to or overrides the test configuration (e.g. `READ_SIDE: 'inline'`). */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'grid-records-api-'));
  // OFF: these tests are about behaviour, not durability; it keeps them fast.
  const config = loadConfig({ DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'OFF', LOG_LEVEL: 'info', HOST: '127.0.0.1', ...env });
  const infra = await openInfrastructure(config);
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const service = await startGridRecords({ config, infra, port: 0, logger: createLogger({ level: 'info', destination }) });
  const fastify = service.app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const auth = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  return {
    config,
    infra,
    service,
    fastify,
    logLines,
    regions: {},
    token: (role, scope, sub = `${role}-${scope.join('+')}`) => signEmbeddedToken(config, { sub, role, scope, ttl: '10m' }),
    get: (url, token, headers = {}) => fastify.inject({ method: 'GET', url, headers: { ...auth(token), ...headers } }),
    post: (url, body, token, headers = {}) =>
      fastify.inject({
        method: 'POST',
        url,
        headers: { ...auth(token), 'content-type': 'application/json', ...headers },
        payload: JSON.stringify(body),
      }),
    async close() {
      await service.close();
      await infra.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const TREE: [name: string, level: string, parent: string | null][] = [
  ['d1', 'district', null],
  ['s1', 'street', 'd1'],
  ['s2', 'street', 'd1'],
  ['c1', 'community', 's1'],
  ['c2', 'community', 's2'],
  ['g1', 'grid', 'c1'],
  ['g2', 'grid', 'c1'],
  ['g3', 'grid', 'c2'],
];

/** Creates the test tree through the API as a city-wide district official; fills `h.regions`. */
export async function seedRegions(h: Harness): Promise<void> {
  const official = await h.token('district-official', ['*'], 'city-admin');
  for (const [name, level, parent] of TREE) {
    const res = await h.post(
      '/v1/regions',
      { parentId: parent ? h.regions[parent] : null, level, name: `测试${name}`, on: '2020-01-01' },
      official,
    );
    if (res.statusCode !== 201) throw new Error(`seeding ${name}: ${res.statusCode} ${res.body}`);
    h.regions[name] = res.json().id as string;
  }
}

/** Problem bodies without the per-request fields, for "answered exactly alike" comparisons. */
export const problemShape = (res: LightMyRequestResponse): unknown => {
  const { instance: _i, correlationId: _c, ...rest } = res.json() as Record<string, unknown>;
  return { status: res.statusCode, ...rest };
};

/** The community-level cast: c1's grid worker and 社区 official, g3's grid worker, c2's 社区 official, an auditor. */
export async function communityTokens(h: Harness): Promise<Record<'worker' | 'farWorker' | 'community' | 'farOfficial' | 'auditor', string>> {
  return {
    worker: await h.token('grid-worker', [h.regions.c1!], 'worker-li'),
    farWorker: await h.token('grid-worker', [h.regions.g3!], 'worker-zhao'),
    community: await h.token('community-official', [h.regions.c1!], 'community-zhang'),
    farOfficial: await h.token('community-official', [h.regions.c2!], 'community-sun'),
    auditor: await h.token('auditor', ['*'], 'auditor-qian'),
  };
}
