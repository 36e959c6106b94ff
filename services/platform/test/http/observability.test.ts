import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller } from '@nestjs/common';
import { MemoryDocumentStore } from '../../src/documents/memory/memory-document-store';
import { MemoryEventStore } from '../../src/store/memory/memory-event-store';
import { loadConfig } from '../../src/config/config';
import { Route, createHttpApp, createLogger, openApiStaleness, scrub, scrubText, writeOpenApi } from '@grid/platform/http';
import { makeIdNumber, startTestApp, type TestApp } from './test-app';

let t: TestApp;
let worker: string;
beforeAll(async () => {
  t = await startTestApp();
  worker = await t.token('grid-worker', ['c1']);
});
afterAll(() => t.close());

const lines = () => t.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('correlation id', () => {
  it('echoes a given id and stamps it on the request’s log lines', async () => {
    const res = await t.fastify.inject({ method: 'GET', url: '/health', headers: { 'x-correlation-id': 'corr-42' } });
    expect(res.headers['x-correlation-id']).toBe('corr-42');
    expect(lines().filter((l) => l.correlationId === 'corr-42').length).toBeGreaterThan(0);
  });

  it('generates one when absent or unusable, also on errors', async () => {
    const none = await t.fastify.inject({ method: 'GET', url: '/households/x' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.json().correlationId).toBe(none.headers['x-correlation-id']);
    const bad = await t.fastify.inject({ method: 'GET', url: '/health', headers: { 'x-correlation-id': 'x\n{"evil":1}' } });
    expect(bad.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts it into the events’ envelopes', async () => {
    await t.fastify.inject({
      method: 'POST',
      url: '/households',
      headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/json', 'x-correlation-id': 'corr-evt' },
      payload: { householdId: 'h-corr', regionId: 'g1', headName: '赵六', idNumber: makeIdNumber(), on: '2026-03-01' },
    });
    const [event] = await t.store.readStream('household-h-corr');
    expect(event).toMatchObject({ correlationId: 'corr-evt', actor: { id: 'grid-worker-1', role: 'grid-worker' } });
  });
});

describe('logs carry no personal data', () => {
  it('redacts 身份证 numbers, phones and the Authorization header from request logs', async () => {
    const id = makeIdNumber();
    await t.fastify.inject({ method: 'GET', url: `/households/${id}?name=${encodeURIComponent('张三')}&phone=13912345678`, headers: { authorization: `Bearer ${worker}`, 'x-correlation-id': 'corr-pii' } });
    const mine = t.logLines.filter((l) => l.includes('corr-pii'));
    expect(mine.length).toBeGreaterThan(0);
    const text = mine.join('\n');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(id);
    expect(text).not.toContain('13912345678');
    expect(text).not.toContain('张三');
    expect(text).not.toContain(encodeURIComponent('张三'));
    expect(text).not.toContain(worker);
  });

  it('scrubs personal fields by name at any depth and values by pattern', () => {
    const id = makeIdNumber();
    expect(scrub({ household: { headName: '张三', members: [{ idNumber: id, phone: '13812345678', age: 70 }] }, note: `证件 ${id}` })).toEqual({
      household: { headName: '[redacted]', members: [{ idNumber: '[redacted]', phone: '[redacted]', age: 70 }] },
      note: '证件 [redacted]',
    });
    expect(scrubText('position 1718000000000 and revision 12')).toBe('position 1718000000000 and revision 12');
  });

  it('scrubs the message text too', () => {
    const out: string[] = [];
    const logger = createLogger({ destination: { write: (s: string) => void out.push(s) } });
    logger.info({ person: { name: '张三' } }, `looked up ${makeIdNumber()}`);
    expect(out.join('')).not.toMatch(/张三|11010519491231002/);
  });
});

describe('health and API description', () => {
  it('reports the store position on /health and readiness on /ready', async () => {
    const health = await t.fastify.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok', position: await t.store.headPosition() });
    expect((await t.fastify.inject({ method: 'GET', url: '/ready' })).json()).toEqual({ status: 'ready' });
  });

  it('serves OpenAPI 3.1 built from the routes and their zod schemas', async () => {
    const res = await t.fastify.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/households', '/households/{householdId}', '/households/{householdId}/visits', '/health']));
    const register = doc.paths['/households'].post;
    expect(register.summary).toBe('登记户 · Register a household');
    expect(register['x-roles']).toEqual(['grid-worker']);
    expect(register.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['householdId', 'idNumber']));
    // zod's implicit JavaScript safe-integer bounds are left out (reference pages would show them as examples); real ones stay.
    expect(register.responses['201'].content['application/json'].schema.properties.visits).toEqual({ type: 'integer' });
    expect(doc.components.schemas.Problem.properties.status).toEqual({ type: 'integer', minimum: 400, maximum: 599 });
    expect(doc.paths['/households/{householdId}'].get.parameters).toEqual([expect.objectContaining({ name: 'householdId', in: 'path', required: true })]);
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.components.schemas.Problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'errors']));
    expect(JSON.stringify(doc)).not.toContain('#/$defs/');
  });

  it('writes the document and tells when a committed copy is stale', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'grid-openapi-'));
    const file = join(dir, 'openapi.json');
    expect(await openApiStaleness(t.app, file)).toMatch(/missing/);
    await writeOpenApi(t.app, file);
    expect(await openApiStaleness(t.app, file)).toBeNull();
    await writeFile(file, '{}\n');
    expect(await openApiStaleness(t.app, file)).toMatch(/stale/);
  });

  it('answers /ready with 503 while the service is not ready', async () => {
    const config = loadConfig({ DATA_DIR: await mkdtemp(join(tmpdir(), 'grid-http-')) });
    const app = await createHttpApp({ config, store: new MemoryEventStore(), documents: new MemoryDocumentStore(), ready: async () => false, logger: createLogger({ level: 'silent' }) });
    try {
      const res = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().errors[0].rule).toBe('not-ready');
    } finally {
      await app.close();
    }
  });

  it('refuses to start with a route that declares no roles', async () => {
    const { Get } = await import('@nestjs/common');
    @Controller()
    class Careless {
      @Get('open')
      open() {
        return 1;
      }
    }
    const config = loadConfig({ DATA_DIR: await mkdtemp(join(tmpdir(), 'grid-http-')) });
    await expect(
      createHttpApp({ config, store: new MemoryEventStore(), documents: new MemoryDocumentStore(), controllers: [Careless], logger: createLogger({ level: 'silent' }) }),
    ).rejects.toThrow(/Careless.open/);
  });

  it('refuses to start with a route that admits a role no service registered', async () => {
    @Controller()
    class Misspelt {
      @Route({ method: 'GET', path: 'open', roles: ['grid-wroker'], summary: { zh: '错', en: 'Misspelt role' } })
      open() {
        return 1;
      }
    }
    const config = loadConfig({ DATA_DIR: await mkdtemp(join(tmpdir(), 'grid-http-')) });
    await expect(
      createHttpApp({ config, store: new MemoryEventStore(), documents: new MemoryDocumentStore(), controllers: [Misspelt], logger: createLogger({ level: 'silent' }) }),
    ).rejects.toThrow(/grid-wroker \(Misspelt.open\)/);
  });
});
