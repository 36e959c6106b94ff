// The import rules of .dependency-cruiser.cjs over the real tree (no cycles, no service importing another, a pure
// domain, a dependency-free kernel entry), and over a small tree that breaks each rule once, so a rule that stops
// matching anything is seen. dependency-cruiser is ESM-only: it runs in a child process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = join(__dirname, '..', '..');
const CLI = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');
const CONFIG = join(root, '.dependency-cruiser.cjs');

interface Cruise {
  summary: { totalCruised: number; violations: { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] }[] };
}

function cruise(cwd: string, folders: string[]): Cruise {
  const run = spawnSync(process.execPath, [CLI, '--config', CONFIG, '--output-type', 'json', ...folders], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.stdout.trim() === '') throw new Error(`dependency-cruiser printed nothing (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as Cruise;
}

const violationsOf = (result: Cruise): string[] =>
  result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.cycle ? v.cycle.map((c) => c.name).join(' → ') : v.to}`);

test('services, contracts, tools and tests keep the import rules', () => {
  const result = cruise(root, ['contracts', 'services', 'tools', 'test']);
  expect(result.summary.totalCruised).toBeGreaterThan(300);
  expect(violationsOf(result)).toEqual([]);
});

describe('each rule finds what it forbids', () => {
  let tree: string;
  const file = (path: string, text: string) => {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), text);
  };

  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'import-graph-'));
    file('tsconfig.json', '{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext" } }');
    file('services/platform/src/decider/index.ts', "export * from './decider';\n");
    file('services/platform/src/decider/decider.ts', "import { startTelemetry } from '../telemetry/start';\nexport const fold = startTelemetry;\n");
    file('services/platform/src/telemetry/start.ts', 'export const startTelemetry = 1;\n');
    file('services/alpha/src/domain/rule.ts', "import { fold } from '../../../platform/src/decider/index';\nimport { handler } from '../application/handler';\nexport const rule = [fold, handler];\n");
    file('services/alpha/src/application/handler.ts', "import { rule } from '../domain/rule';\nexport const handler = rule;\n");
    file('services/beta/src/reaction.ts', "import { handler } from '../../alpha/src/application/handler';\nexport const reaction = handler;\n");
    file('services/standalone/src/server.ts', "import { handler } from '../../alpha/src/application/handler';\nexport const server = handler;\n");
    file('contracts/src/index.ts', "import { reaction } from '../../services/beta/src/reaction';\nexport const contract = reaction;\n");
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  test('a cycle, a service importing another, contracts importing a service, an impure domain, a kernel with dependencies', () => {
    const found = violationsOf(cruise(tree, ['contracts', 'services']));
    expect(found).toEqual(
      expect.arrayContaining([
        'no-cycle: services/alpha/src/application/handler.ts → services/alpha/src/domain/rule.ts → services/alpha/src/application/handler.ts',
        'no-service-imports-another: services/beta/src/reaction.ts → services/alpha/src/application/handler.ts',
        'no-contracts-import-service: contracts/src/index.ts → services/beta/src/reaction.ts',
        'domain-is-pure: services/alpha/src/domain/rule.ts → services/alpha/src/application/handler.ts',
        'kernel-entry-has-no-dependencies: services/platform/src/decider/decider.ts → services/platform/src/telemetry/start.ts',
      ]),
    );
    expect(found.filter((v) => v.includes('services/standalone/'))).toEqual([]);
  });
});
