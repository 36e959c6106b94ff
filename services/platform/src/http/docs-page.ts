import type { OpenApiDocument } from './openapi';

const escape = (s: unknown): string =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * /docs: one self-contained page (no script, no CDN: deployments here often have no way out to the
 * internet) listing every operation; the full detail is /openapi.json, for any OpenAPI tool.
 */
export function renderDocsPage(doc: OpenApiDocument): string {
  const info = doc.info as { title: string; version: string; description?: string };
  const rows = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, raw]) => {
      const op = raw as { summary?: string; 'x-roles'?: string[]; operationId?: string };
      return `<tr><td class="m ${escape(method)}">${escape(method.toUpperCase())}</td><td><code>${escape(path)}</code></td><td>${escape(op.summary ?? '')}</td><td>${escape((op['x-roles'] ?? []).join(', '))}</td></tr>`;
    }),
  );
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(info.title)} · API</title>
<style>
body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:2rem;color:#1f2328}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d0d7de;padding:.4rem .6rem;text-align:left;vertical-align:top}
.m{font-weight:600;font-family:ui-monospace,monospace}.get{color:#0969da}.post{color:#1a7f37}.put,.patch{color:#9a6700}.delete{color:#cf222e}
</style></head><body>
<h1>${escape(info.title)} <small>${escape(info.version)}</small></h1>
${info.description ? `<p>${escape(info.description)}</p>` : ''}
<p>机器可读的完整描述 / machine-readable description: <a href="openapi.json">openapi.json</a> (OpenAPI ${escape(doc.openapi)}).
鉴权 / auth: <code>Authorization: Bearer &lt;JWT&gt;</code>. 错误 / errors: <code>application/problem+json</code>.</p>
<table><thead><tr><th>方法</th><th>路径 path</th><th>说明 summary</th><th>角色 roles</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></body></html>
`;
}
