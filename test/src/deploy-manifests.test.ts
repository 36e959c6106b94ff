// docker-compose.yml and deploy/k8s cannot run here (no Docker engine, no cluster): this checks their
// shape and that they agree with the code (config variables, topics, health paths).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '@grid/platform';
import { topicForCategory, CATEGORY_OWNERS } from '@grid/contracts';

const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: unknown; environment?: Record<string, string>; depends_on?: unknown; secrets?: string[] }>;
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

  test('every service verifies tokens with the identity provider key from its mounted secret, never a key of its own', () => {
    for (const [name, s] of Object.entries(compose.services).filter(([, s]) => s.build)) {
      const config = loadConfig(s.environment ?? {});
      const secret = config.tokenKeys.kind === 'public-key-file' ? config.tokenKeys.path.replace('/run/secrets/', '') : undefined;
      expect({ name, kind: config.tokenKeys.kind, mounted: s.secrets?.includes(secret ?? '') }).toEqual({ name, kind: 'public-key-file', mounted: true });
      expect([config.JWT_ISSUER, config.JWT_AUDIENCE]).toEqual([expect.any(String), expect.any(String)]);
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

  test('each Deployment’s environment (ConfigMap + its env) passes our config validation and verifies tokens with the mounted key', () => {
    const configMaps = new Map(k8sDocs.filter(({ doc }) => doc.kind === 'ConfigMap').map(({ doc }) => [doc.metadata.name as string, doc.data as Record<string, string>]));
    const deployments = k8sDocs.filter(({ doc }) => doc.kind === 'Deployment');
    expect(deployments.length).toBeGreaterThan(0);
    for (const { doc } of deployments) {
      const c = doc.spec.template.spec.containers[0];
      const env: Record<string, string> = {};
      for (const from of c.envFrom ?? []) Object.assign(env, configMaps.get(from.configMapRef?.name) ?? {});
      for (const e of c.env ?? []) env[e.name] = e.value;
      const config = loadConfig(env);
      expect(config.tokenKeys.kind).toBe('public-key-file');
      const path = config.tokenKeys.kind === 'public-key-file' ? config.tokenKeys.path : '';
      const mounts = (c.volumeMounts ?? []) as { mountPath: string; name: string }[];
      const mount = mounts.find((m) => path.startsWith(`${m.mountPath}/`));
      const volume = doc.spec.template.spec.volumes.find((v: Manifest) => v.name === mount?.name);
      expect(volume?.secret?.secretName).toEqual(expect.any(String));
    }
  });

  test('the topic job creates every published topic and its dead-letter topic', () => {
    const job = k8sDocs.find(({ doc }) => doc.kind === 'Job')!.doc;
    const script = job.spec.template.spec.containers[0].args.join('\n') as string;
    // The platform's probe streams and the service template's example are never deployed.
    for (const category of Object.keys(CATEGORY_OWNERS).filter((c) => !['platform', 'template'].includes(CATEGORY_OWNERS[c as keyof typeof CATEGORY_OWNERS]))) {
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
