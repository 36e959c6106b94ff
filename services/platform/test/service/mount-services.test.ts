// Several services on one port (the embedded `npm start`): each request reaches the service whose route it is,
// with that service's roles known to all, one /openapi.json of every route, and colliding routes refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Module, Param, Query, type DynamicModule } from '@nestjs/common';
import { z } from 'zod';
import { loadConfig, type Config } from '../../src/config/config';
import { createLogger, Route, signEmbeddedToken } from '../../src/http';
import { openInfrastructure, type Infrastructure } from '../../src/infrastructure/open-infrastructure';
import { mountServices, type MountedServices, type ServiceDefinition } from '../../src/service';

@Controller('v1/alphas')
class AlphaController {
  @Route({ method: 'GET', path: '', roles: ['alpha-clerk'], summary: { zh: '甲', en: 'List alphas' } })
  list() {
    return { service: 'alpha' };
  }
}

const BetaQuery = z.object({ lang: z.string().optional() });

@Controller('v1/betas')
class BetaController {
  @Route({ method: 'GET', path: ':betaId', roles: ['beta-clerk', 'auditor'], summary: { zh: '乙', en: 'Read a beta' } })
  read(@Param('betaId') betaId: string, @Query({ schema: BetaQuery }) query: z.infer<typeof BetaQuery>) {
    return { service: 'beta', betaId, ...query };
  }
}

@Module({})
class AlphaModule {}
@Module({})
class BetaModule {}

const service = (name: string, module: DynamicModule['module'], controller: DynamicModule['controllers']): ServiceDefinition => ({
  name,
  info: { title: name, version: '0.0.0' },
  categories: [],
  roles: [{ name: `${name}-clerk`, description: `${name} clerk` }],
  compose: () => ({}),
  http: { module: () => ({ module, controllers: controller ?? [] }) },
});
const alpha = service('alpha', AlphaModule, [AlphaController]);
const beta = service('beta', BetaModule, [BetaController]);

let dir: string;
let config: Config;
let infra: Infrastructure;
let mounted: MountedServices;
const get = (path: string, token?: string) => fetch(`${mounted.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const token = (role: string) => signEmbeddedToken(config, { sub: `${role}-1`, role, scope: ['*'], ttl: '5m' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mount-'));
  config = loadConfig({ DATA_DIR: dir, SQLITE_SYNCHRONOUS: 'OFF', HOST: '127.0.0.1', LOG_LEVEL: 'silent', READ_SIDE: 'inline' });
  infra = await openInfrastructure(config);
  mounted = await mountServices([alpha, beta], infra, { config, port: 0, logger: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await mounted?.close();
  await infra?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('each request reaches the service whose route it is', async () => {
  expect(await (await get('/v1/alphas', await token('alpha-clerk'))).json()).toEqual({ service: 'alpha' });
  expect(await (await get('/v1/betas/b-7?lang=zh', await token('beta-clerk'))).json()).toEqual({ service: 'beta', betaId: 'b-7', lang: 'zh' });
});

test('a role of another mounted service is known everywhere: 403 where the route does not admit it, not 401', async () => {
  const res = await get('/v1/alphas', await token('beta-clerk'));
  expect(res.status).toBe(403);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect((await get('/v1/alphas', await token('gamma-clerk'))).status).toBe(401);
});

test('one port answers health, readiness, one OpenAPI document of every service, and 404 for the rest', async () => {
  expect((await get('/health')).status).toBe(200);
  expect((await get('/ready')).status).toBe(200);
  const doc = (await (await get('/openapi.json')).json()) as { paths: Record<string, unknown> };
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/alphas', '/v1/betas/{betaId}', '/health']));
  const missing = await get('/v1/gammas');
  expect(missing.status).toBe(404);
  expect(missing.headers.get('content-type')).toContain('application/problem+json');
});

test('two services with the same route are refused at start, naming both', async () => {
  const twin = { ...service('alpha-twin', AlphaModule, [AlphaController]) };
  await expect(mountServices([alpha, twin], infra, { config, port: 0, logger: createLogger({ level: 'silent' }) })).rejects.toThrow(
    'GET /v1/alphas is a route of both alpha and alpha-twin',
  );
});
