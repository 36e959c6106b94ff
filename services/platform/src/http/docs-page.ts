import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/** One OpenAPI document the reference offers, e.g. `{ name: 'grid-records', url: '/openapi.json' }`. */
export interface ApiDocumentLink {
  name: string;
  url: string;
}

/** Swagger UI's own files, served from the swagger-ui-dist package: bureau networks often have no way out (no CDN). */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};
// Resolved, not required: the package's main file evaluates the 1.8 MB browser bundle in Node.
const ASSET_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
const loaded = new Map<string, Promise<Buffer>>();
const asset = (name: string): Promise<Buffer> => {
  if (!loaded.has(name)) loaded.set(name, readFile(join(ASSET_DIR, name)));
  return loaded.get(name)!;
};

/** Everything from this origin only: the page can neither fetch nor report to another host. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'self'";

/**
 * `GET <prefix>`: an interactive API reference (Swagger UI) over the given OpenAPI documents, one per mounted
 * service, chosen from the top bar: operations with their schemas and generated examples, and "Try it out" with
 * a bearer token (Authorize; kept across reloads). The first document opens first.
 */
export function docsRoutes(fastify: FastifyInstance, documents: ApiDocumentLink[], prefix = '/docs'): void {
  if (documents.length === 0) throw new Error('docsRoutes: give at least one OpenAPI document');
  const html = docsPage(prefix, documents[0]!.name);
  const init = initializer(documents);
  const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' };
  fastify.get(prefix, (_req, reply) => reply.headers(headers).type('text/html; charset=utf-8').send(html));
  fastify.get(`${prefix}/init.js`, (_req, reply) => reply.headers(headers).type('application/javascript; charset=utf-8').send(init));
  for (const [name, type] of Object.entries(ASSETS)) {
    fastify.get(`${prefix}/${name}`, async (_req, reply) =>
      reply.headers({ ...headers, 'cache-control': 'public, max-age=3600' }).type(type).send(await asset(name)),
    );
  }
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function docsPage(prefix: string, title: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · API 接口文档</title>
<link rel="stylesheet" href="${prefix}/swagger-ui.css"><link rel="stylesheet" href="${prefix}/index.css">
<link rel="icon" type="image/png" href="${prefix}/favicon-32x32.png">
</head><body>
<noscript>接口文档需要 JavaScript / the API reference needs JavaScript; the raw description is the OpenAPI JSON.</noscript>
<div id="swagger-ui"></div>
<script src="${prefix}/swagger-ui-bundle.js"></script>
<script src="${prefix}/swagger-ui-standalone-preset.js"></script>
<script src="${prefix}/init.js"></script>
</body></html>
`;
}

function initializer(documents: ApiDocumentLink[]): string {
  const config = {
    urls: documents,
    'urls.primaryName': documents[0]!.name,
    dom_id: '#swagger-ui',
    layout: 'StandaloneLayout',
    deepLinking: true,
    persistAuthorization: true,
    tryItOutEnabled: true,
    displayRequestDuration: true,
    filter: true,
    showExtensions: true,
    // The default validator badge is fetched from validator.swagger.io.
    validatorUrl: null,
  };
  return `window.ui = SwaggerUIBundle(Object.assign(${JSON.stringify(config)}, {
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  plugins: [SwaggerUIBundle.plugins.DownloadUrl],
}));
`;
}
