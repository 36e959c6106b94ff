// docker-compose.yml and deploy/k8s cannot run here (no Docker engine, no cluster): this checks their
// shape and that they agree with the code (config variables, topics, health paths).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '@grid/platform';
import { topicForCategory, CATEGORY_OWNERS } from '@grid/contracts';

const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: unknown; environment?: Record<string, string>; depends_on?: unknown }>;
};
/** Manifests are free-form YAML: the tests below check them field by field. */
type Manifest = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const k8sDocs = readdirSync(join(root, 'deploy', 'k8s'))
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => parseAllDocuments(readFileSync(join(root, 'deploy', 'k8s', f), 'utf8')).map((d) => ({ file: f, doc: d.toJS() as Manifest })));

describe('docker-compose.yml (the full production stack)', () => {
  test('runs KurrentDB, Kafka, MongoDB, an OpenTelemetry collector and Jaeger', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['kurrentdb', 'kafka', 'mongodb', 'otel-collector', 'jaeger']));
  });

  test('every service is built from deploy/Dockerfile and its environment passes our config validation', () => {
    const ours = Object.entries(compose.services).filter(([, s]) => s.build);
    expect(ours.length).toBeGreaterThan(0);
    for (const [, s] of ours) {
      expect(s.build).toMatchObject({ dockerfile: 'deploy/Dockerfile' });
      const config = loadConfig(s.environment ?? {});
      expect([config.EVENT_STORE, config.BUS, config.DOCUMENT_STORE]).toEqual(['kurrentdb', 'kafka', 'mongodb']);
    }
  });
});

describe('deploy/k8s manifests', () => {
  test('every document has apiVersion, kind and a name in the grid-governance namespace', () => {
    for (const { file, doc } of k8sDocs) {
      expect({ file, apiVersion: typeof doc.apiVersion, kind: typeof doc.kind, name: typeof doc.metadata?.name }).toEqual({ file, apiVersion: 'string', kind: 'string', name: 'string' });
      if (doc.kind !== 'Namespace') expect(doc.metadata.namespace).toBe('grid-governance');
    }
  });

  test('the ConfigMap passes our config validation', () => {
    const cm = k8sDocs.find(({ doc }) => doc.kind === 'ConfigMap')!.doc;
    expect(() => loadConfig(cm.data)).not.toThrow();
  });

  test('the topic job creates every published topic and its dead-letter topic', () => {
    const job = k8sDocs.find(({ doc }) => doc.kind === 'Job')!.doc;
    const script = job.spec.template.spec.containers[0].args.join('\n') as string;
    for (const category of Object.keys(CATEGORY_OWNERS).filter((c) => !['test', 'bench'].includes(c))) {
      expect(script).toContain(topicForCategory(category));
    }
    expect(script).toContain('"$t.dlq"');
  });

  test('deployments probe /health and /ready', () => {
    for (const { doc } of k8sDocs.filter(({ doc }) => doc.kind === 'Deployment')) {
      const c = doc.spec.template.spec.containers[0];
      expect([c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path]).toEqual(['/health', '/ready']);
    }
  });
});
