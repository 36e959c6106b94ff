// .github/workflows/ci.yml cannot run here (no container runtime): this checks that it runs both suites
// against the real servers, pinned by digest, and hands their addresses to tools/infra/test.sh in a form
// our config accepts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@grid/platform';

interface Step {
  run?: string;
  env?: Record<string, string>;
}
interface Job {
  services?: Record<string, { image: string }>;
  steps: Step[];
}

const root = join(__dirname, '..', '..');
const workflow = parse(readFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'utf8'), { merge: true }) as { jobs: Record<string, Job> };
const jobs = Object.values(workflow.jobs);
const runs = (command: RegExp) => jobs.flatMap((j) => j.steps.filter((s) => command.test(s.run ?? '')).map((step) => ({ job: j, step })));

describe('.github/workflows/ci.yml', () => {
  test('runs npm test', () => {
    expect(runs(/^npm test$/)).toHaveLength(1);
  });

  test('runs npm run test:infra against KurrentDB, Kafka and MongoDB service containers, addresses passing our config validation', () => {
    const infra = runs(/^npm run test:infra$/);
    expect(infra).toHaveLength(1);
    const { job, step } = infra[0]!;
    expect(job.services?.kurrentdb?.image).toMatch(/^kurrentplatform\/kurrentdb:/);
    expect(job.services?.kafka?.image).toMatch(/^apache\/kafka:/);
    expect(job.services?.mongodb?.image).toMatch(/^mongo:/);
    const env = step.env ?? {};
    // The adapter suites verify no tokens; a production configuration still names an identity provider's key.
    const tokens = { JWT_PUBLIC_KEY_FILE: '/run/secrets/jwt-public.pem', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'grid' };
    const config = loadConfig({ EVENT_STORE: 'kurrentdb', BUS: 'kafka', DOCUMENT_STORE: 'mongodb', ...tokens, ...env });
    expect([config.KURRENTDB_URL, config.KAFKA_BROKERS, config.MONGODB_URL]).toEqual([env.KURRENTDB_URL, env.KAFKA_BROKERS, env.MONGODB_URL]);
  });

  test('runs the service images tools/infra/images.json pins, which local containers and the KurrentDB suite start too', () => {
    const pinned = JSON.parse(readFileSync(join(root, 'tools', 'infra', 'images.json'), 'utf8')) as Record<string, string>;
    const services = jobs.flatMap((j) => Object.entries(j.services ?? {}).map(([name, s]) => `${name} ${s.image}`));
    expect(new Set(services)).toEqual(new Set(Object.entries(pinned).map(([name, image]) => `${name} ${image}`)));
  });

  test('pins every service image by digest', () => {
    const images = jobs.flatMap((j) => Object.values(j.services ?? {}).map((s) => s.image));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^[a-z0-9./-]+:[\w.-]+@sha256:[0-9a-f]{64}$/);
  });
});
