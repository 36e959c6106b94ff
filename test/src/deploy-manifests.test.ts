// docker-compose.yml and deploy/k8s cannot run here (no Docker engine, no cluster): this checks their
// shape and that they agree with the code (config variables, topics, health paths).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { loadConfig } from '@grid/platform';
import { topicForCategory, CATEGORY_OWNERS } from '@grid/contracts';

const root = join(__dirname, '..', '..');
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, { image?: string; build?: unknown; environment?: Record<string, string>; depends_on?: unknown; secrets?: string[]; networks?: string[]; ports?: string[]; read_only?: boolean; volumes?: string[]; entrypoint?: string[] }>;
  networks: Record<string, { internal?: boolean }>;
};
const dockerfile = readFileSync(join(root, 'deploy', 'Dockerfile'), 'utf8');
const DIGEST = /@sha256:[0-9a-f]{64}$/;
const DATA_STORES = ['kurrentdb', 'kafka', 'mongodb', 'otel-collector'];
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

describe('docker-compose.yml hardening', () => {
  const ours = () => Object.entries(compose.services).filter(([, s]) => s.build);
  /** The stack CA's volume; only the servers also mount `certs` (their keys). */
  const caMounted = (s: { volumes?: string[] }) => (s.volumes ?? []).includes('ca:/certs/ca:ro');
  const keysMounted = (s: { volumes?: string[] }) => (s.volumes ?? []).some((v) => v.startsWith('certs:'));

  test('every service reaches Kafka over SASL_SSL (SCRAM-SHA-512), its password a mounted secret, the brokers verified by the stack CA', () => {
    for (const [name, s] of ours()) {
      const config = loadConfig(s.environment ?? {});
      expect({ name, mechanism: config.KAFKA_SASL_MECHANISM, tls: config.KAFKA_TLS, plaintext: config.KAFKA_ALLOW_PLAINTEXT, ca: config.KAFKA_TLS_CA_FILE, caMounted: caMounted(s), keys: keysMounted(s) }).toEqual({
        name, mechanism: 'scram-sha-512', tls: true, plaintext: false, ca: '/certs/ca/ca.crt', caMounted: true, keys: false,
      });
      expect(s.secrets).toContain(config.KAFKA_SASL_PASSWORD_FILE!.replace('/run/secrets/', ''));
    }
  });

  test('every service reaches KurrentDB with TLS verified by the stack CA, and KurrentDB runs in secure mode', () => {
    for (const [name, s] of ours()) {
      const url = new URL(loadConfig(s.environment ?? {}).KURRENTDB_URL!.replace(/\$\{[^}]*\}/g, 'password'));
      expect({ name, tls: url.searchParams.get('tls'), ca: url.searchParams.get('tlsCAFile'), user: url.username }).toEqual({ name, tls: 'true', ca: '/certs/ca/ca.crt', user: 'admin' });
    }
    const kurrentdb = compose.services.kurrentdb!;
    expect(kurrentdb.environment?.KURRENTDB_INSECURE).toBeUndefined();
    expect(kurrentdb.environment).toMatchObject({ KURRENTDB_CERTIFICATE_FILE: expect.stringMatching(/^\/certs\//), KURRENTDB_TRUSTED_ROOT_CERTIFICATES_PATH: '/certs/ca' });
    expect([keysMounted(kurrentdb), caMounted(kurrentdb)]).toEqual([true, true]);
  });

  test('Kafka listens to clients only on SASL_SSL, with the SCRAM user created at format time, after the certificates are made', () => {
    const kafka = compose.services.kafka!;
    const script = readFileSync(join(root, 'deploy', 'kafka', 'start-sasl-ssl.sh'), 'utf8');
    expect(kafka.entrypoint).toEqual(['/bin/bash', '/start-sasl-ssl.sh']);
    expect(kafka.volumes).toContain('./deploy/kafka/start-sasl-ssl.sh:/start-sasl-ssl.sh:ro');
    const listeners = /^listeners=(.*)$/m.exec(script)![1]!.split(',');
    expect(listeners).toEqual(['SASL_SSL://:9092', 'CONTROLLER://localhost:9093']);
    expect(script).toMatch(/^sasl\.enabled\.mechanisms=SCRAM-SHA-512$/m);
    expect(script).toContain('--add-scram "SCRAM-SHA-512=[name=grid,');
    for (const server of ['kafka', 'kurrentdb']) expect(compose.services[server]!.depends_on).toMatchObject({ certs: { condition: 'service_completed_successfully' } });
    expect(compose.services.certs!.volumes).toContain('./deploy/tls/make-certs.sh:/make-certs.sh:ro');
  });

  test('the data stores sit only on an internal network and publish no ports', () => {
    for (const name of DATA_STORES) {
      const networks = compose.services[name]!.networks ?? ['default'];
      expect({ name, internal: networks.every((n) => compose.networks[n]?.internal === true), ports: compose.services[name]!.ports ?? [] }).toEqual({ name, internal: true, ports: [] });
    }
  });

  test('MongoDB requires a password, from a secret, and the services log in with it', () => {
    expect(compose.services.mongodb!.environment).toMatchObject({ MONGO_INITDB_ROOT_USERNAME: 'grid', MONGO_INITDB_ROOT_PASSWORD_FILE: '/run/secrets/mongodb_password' });
    for (const [, s] of Object.entries(compose.services).filter(([, s]) => s.build)) expect(s.environment?.MONGODB_URL).toMatch(/^mongodb:\/\/grid:[^@]+@/);
  });

  test('every image is pinned by digest', () => {
    for (const [name, s] of Object.entries(compose.services).filter(([, s]) => s.image)) expect({ name, image: s.image }).toEqual({ name, image: expect.stringMatching(DIGEST) });
    for (const from of dockerfile.match(/^FROM \S+/gm)!) expect(from).toMatch(DIGEST);
  });

  test('our services run read-only, as SERVICE names them', () => {
    for (const [name, s] of Object.entries(compose.services).filter(([, s]) => s.build)) {
      expect({ name, readOnly: s.read_only, service: s.environment?.SERVICE }).toEqual({ name, readOnly: true, service: name });
    }
  });
});

describe('deploy/Dockerfile', () => {
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  test('the runtime stage installs production dependencies only and runs as node', () => {
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/^USER node$/m);
  });

  test('without SERVICE the image refuses to start (no demo default); SERVICE_NAME follows SERVICE', () => {
    expect(dockerfile).not.toMatch(/ENV SERVICE=/);
    const cmd = /^CMD (.*)$/m.exec(runtime)![1]!;
    expect(cmd).toContain('test -n \\"$SERVICE\\" ||');
    expect(cmd).toContain('SERVICE_NAME=\\"${SERVICE_NAME:-$SERVICE}\\"');
  });
});

describe('deploy/k8s manifests', () => {
  test('pods run as non-root with a read-only root file system, no privilege escalation, no capabilities', () => {
    const pods = k8sDocs.filter(({ doc }) => ['Deployment', 'Job'].includes(doc.kind)).map(({ doc }) => doc.spec.template.spec);
    expect(pods.length).toBeGreaterThan(0);
    for (const pod of pods) {
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect(c.image).toMatch(c.image.startsWith('grid-governance') ? /.*/ : DIGEST); // our image: pinned in the deploying overlay
      }
    }
  });

  test('a default-deny NetworkPolicy covers the namespace, and each Deployment names SERVICE and SERVICE_NAME alike', () => {
    const policies = k8sDocs.filter(({ doc }) => doc.kind === 'NetworkPolicy').map(({ doc }) => doc);
    expect(policies.find((p) => Object.keys(p.spec.podSelector).length === 0)?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    for (const { doc } of k8sDocs.filter(({ doc }) => doc.kind === 'Deployment')) {
      const env = Object.fromEntries(doc.spec.template.spec.containers[0].env.map((e: Manifest) => [e.name, e.value]));
      expect(env.SERVICE_NAME).toBe(env.SERVICE);
      expect(policies.some((p) => p.spec.podSelector.matchLabels?.app === doc.metadata.name)).toBe(true);
    }
  });

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
      // Kafka over SASL_SSL and KurrentDB over TLS, their CAs and the SCRAM password from mounted Secrets.
      const kurrentdb = new URL(config.KURRENTDB_URL!);
      expect([config.KAFKA_SASL_MECHANISM, config.KAFKA_TLS, config.KAFKA_ALLOW_PLAINTEXT, kurrentdb.searchParams.get('tls')]).toEqual(['scram-sha-512', true, false, 'true']);
      for (const file of [config.KAFKA_SASL_PASSWORD_FILE!, config.KAFKA_TLS_CA_FILE!, kurrentdb.searchParams.get('tlsCAFile')!]) {
        const mounted = ((c.volumeMounts ?? []) as { mountPath: string; name: string }[]).find((m) => file.startsWith(`${m.mountPath}/`));
        expect({ file, secret: doc.spec.template.spec.volumes.find((v: Manifest) => v.name === mounted?.name)?.secret?.secretName }).toEqual({ file, secret: expect.any(String) });
      }
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
    expect(script).toContain('--command-config /tmp/client.properties');
    expect(script).toMatch(/^security\.protocol=SASL_SSL$/m);
  });

  test('deployments probe /health and /ready', () => {
    for (const { doc } of k8sDocs.filter(({ doc }) => doc.kind === 'Deployment')) {
      const c = doc.spec.template.spec.containers[0];
      expect([c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path]).toEqual(['/health', '/ready']);
    }
  });
});
