import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Controller } from '@nestjs/common';
import { Route } from '../../src/http';
import type { DocsBrowserJob, DocsBrowserResult } from './docs-browser.mjs';
import { makeIdNumber, startTestApp, type TestApp } from './test-app';

/** A second service's OpenAPI document, as a process mounting several services serves one per service. */
@Controller()
export class SecondServiceDocument {
  @Route({ method: 'GET', path: 'second/openapi.json', public: true, summary: { zh: '第二个服务', en: 'A second service’s OpenAPI' } })
  document(): unknown {
    return {
      openapi: '3.1.0',
      info: { title: 'second service', version: '0.0.0' },
      paths: { '/second/ping': { get: { operationId: 'Second.ping', summary: 'ping', responses: { 200: { description: 'pong' } } } } },
    };
  }
}

export const DOCUMENTS = [
  { name: 'households', url: '/openapi.json' },
  { name: 'second service', url: '/second/openapi.json' },
];

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ controllers: [SecondServiceDocument], apiDocuments: DOCUMENTS });
});
afterAll(() => t.close());

describe('/docs, the API reference', () => {
  it('is served from this origin alone: the page and every file it loads, under a policy allowing no other host', async () => {
    const page = await t.fastify.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(page.headers['content-security-policy']).not.toMatch(/https?:|\*/);
    const references = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(references.filter((r) => !r.startsWith('/docs/'))).toEqual([]);
    for (const url of references) {
      const file = await t.fastify.inject({ method: 'GET', url });
      expect({ url, status: file.statusCode }).toEqual({ url, status: 200 });
    }
  });

  it('offers every listed OpenAPI document, the first one opening first', async () => {
    const init = await t.fastify.inject({ method: 'GET', url: '/docs/init.js' });
    expect(init.statusCode).toBe(200);
    expect(init.body).toContain(JSON.stringify(DOCUMENTS));
    expect(init.body).toContain('"urls.primaryName":"households"');
  });

  it('is not itself an operation of the API it describes', async () => {
    const doc = (await t.fastify.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/docs'))).toEqual([]);
  });
});

/** Debian's package (`.ci/run` installs it when missing); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p): p is string => !!p && existsSync(p));
if (!CHROMIUM) process.stderr.write('\n*** SKIPPED: /docs in a real browser — no Chromium (apt-get install chromium, or set CHROMIUM_PATH) ***\n\n');

(CHROMIUM ? describe : describe.skip)('/docs in a real browser (headless Chromium)', () => {
  it('renders every operation, tries one out with a bearer token, opens the second service’s document, and loads nothing from another host', async () => {
    const worker = await t.token('grid-worker', ['c1']);
    const household = { householdId: 'h-docs', regionId: 'g1', headName: '张三', idNumber: makeIdNumber(), on: '2026-03-01' };
    const registered = await t.fastify.inject({ method: 'POST', url: '/households', headers: { authorization: `Bearer ${worker}` }, payload: household });
    expect(registered.statusCode).toBe(201);
    await t.app.listen(0, '127.0.0.1');
    const job: DocsBrowserJob = {
      chromium: CHROMIUM!,
      origin: (await t.app.getUrl()).replace('[::1]', '127.0.0.1'),
      tryOut: { path: '/households/{householdId}', params: { householdId: 'h-docs' }, token: worker },
      second: { name: 'second service', path: '/second/ping' },
      ...(process.env.DOCS_SCREENSHOT ? { screenshot: process.env.DOCS_SCREENSHOT } : {}),
    };
    // Type stripping runs the .mts driver as it is (on by default from Node 23.6; the flag serves Node 22).
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--experimental-strip-types', '--disable-warning=ExperimentalWarning', join(__dirname, 'docs-browser.mts'), JSON.stringify(job)],
      { timeout: 100_000 },
    );
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as DocsBrowserResult;

    expect(result.operations).toEqual(expect.arrayContaining(['GET /households/{householdId}', 'POST /households/{householdId}/visits', 'GET /health']));
    expect(result.status).toBe('200');
    expect(result.secondOperations).toEqual(['GET /second/ping']);
    expect(result.external).toEqual([]);
    expect(result.errors).toEqual([]);
  }, 120_000);
});
