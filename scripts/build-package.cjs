#!/usr/bin/env node
// Compiles one workspace's src/**/*.ts to dist/ with @swc/core (CommonJS, decorator metadata for
// NestJS), using the root .swcrc. Type checking is separate (`npm run typecheck`): swc is the fast path.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const pkgDir = process.cwd();
const src = path.join(pkgDir, 'src');
const out = path.join(pkgDir, 'dist');
const config = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.swcrc'), 'utf8'));
delete config.$schema;

function* walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (/\.(ts|json)$/.test(e.name) && !e.name.endsWith('.d.ts') && !/\.test\.ts$/.test(e.name)) yield p;
  }
}

fs.rmSync(out, { recursive: true, force: true });
for (const file of walk(src)) {
  const rel = path.relative(src, file);
  const target = path.join(out, rel.replace(/\.ts$/, '.js'));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (file.endsWith('.json')) { fs.copyFileSync(file, target); continue; }
  const { code, map } = swc.transformFileSync(file, { ...config, filename: file, sourceFileName: path.relative(path.dirname(target), file), swcrc: false });
  fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
  if (map) fs.writeFileSync(`${target}.map`, map);
}
