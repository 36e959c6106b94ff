import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@grid/platform';
import { kafkaSecurityOf } from '../../src/bus/kafka/kafka-security';
import { openInfrastructure } from '../../src/infrastructure/open-infrastructure';
import { WalSync } from '../../src/util/wal-sync';

const errorOf = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration from the environment', () => {
  test('with nothing set a process runs on the embedded default', () => {
    const c = loadConfig({});
    expect([c.EVENT_STORE, c.BUS, c.DOCUMENT_STORE, c.PORT, c.OTEL_ENABLED]).toEqual(['sqlite', 'embedded', 'sqlite', 8080, false]);
    expect(c.databasePath).toMatch(/data\/grid\.db$/);
  });

  test('choosing Kafka without its brokers names the missing variable', () => {
    expect(errorOf({ BUS: 'kafka' })).toMatch(/KAFKA_BROKERS: required when BUS=kafka/);
  });

  test('choosing KurrentDB and MongoDB without their URLs names both', () => {
    const message = errorOf({ EVENT_STORE: 'kurrentdb', DOCUMENT_STORE: 'mongodb' });
    expect(message).toMatch(/KURRENTDB_URL: required when EVENT_STORE=kurrentdb/);
    expect(message).toMatch(/MONGODB_URL: required when DOCUMENT_STORE=mongodb/);
  });

  test.each([
    ['PORT', '70000'],
    ['BUS', 'rabbitmq'],
    ['KAFKA_BROKERS', 'localhost'],
    ['MONGODB_URL', 'http://x'],
  ])('a bad %s is named with its rule', (key, value) => {
    const env: NodeJS.ProcessEnv = { BUS: 'kafka', KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_ALLOW_PLAINTEXT: 'true', [key]: value };
    expect(errorOf(env)).toContain(`${key}:`);
  });

describe('Kafka security', () => {
  const bus = { BUS: 'kafka', KAFKA_BROKERS: 'kafka:9093', JWT_PUBLIC_KEY_FILE: '/run/secrets/jwt', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'grid' };
  const sasl = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'grid', KAFKA_SASL_PASSWORD_FILE: '/run/secrets/kafka-password' };
  const tls = { KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: '/run/secrets/kafka-ca.pem' };

  test('a plaintext, unauthenticated Kafka refuses to start unless KAFKA_ALLOW_PLAINTEXT=true chooses it', () => {
    expect(errorOf(bus)).toMatch(/KAFKA_SASL_MECHANISM: required with BUS=kafka: .*KAFKA_ALLOW_PLAINTEXT=true/);
    expect(loadConfig({ ...bus, KAFKA_ALLOW_PLAINTEXT: 'true' }).KAFKA_ALLOW_PLAINTEXT).toBe(true);
  });

  test('SASL without TLS (the password would cross the network in clear) is refused too', () => {
    expect(errorOf({ ...bus, ...sasl })).toMatch(/KAFKA_TLS: required with BUS=kafka/);
  });

  test('SASL over TLS starts, the secrets named by file', () => {
    const c = loadConfig({ ...bus, ...sasl, ...tls });
    expect([c.KAFKA_SASL_MECHANISM, c.KAFKA_SASL_PASSWORD_FILE, c.KAFKA_TLS, c.KAFKA_TLS_CA_FILE]).toEqual(['scram-sha-512', '/run/secrets/kafka-password', true, '/run/secrets/kafka-ca.pem']);
  });

  test.each([
    ['a mechanism without a user', { ...sasl, KAFKA_SASL_USERNAME: '' }, /KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM/],
    ['two password sources', { ...sasl, KAFKA_SASL_PASSWORD: 'x' }, /KAFKA_SASL_PASSWORD_FILE: set one of/],
    ['credentials without a mechanism', { ...sasl, KAFKA_SASL_MECHANISM: '' }, /KAFKA_SASL_MECHANISM: required with SASL credentials/],
    ['a client certificate without its key', { ...sasl, KAFKA_TLS_CERT_FILE: '/c.pem' }, /KAFKA_TLS_KEY_FILE: a client certificate needs both/],
  ])('%s is named', (_what, over, message) => {
    expect(errorOf({ ...bus, ...tls, ...over })).toMatch(message);
  });

  test('a CA file without KAFKA_TLS=true is refused, not silently unused', () => {
    expect(errorOf({ ...bus, ...sasl, KAFKA_TLS_CA_FILE: '/ca.pem' })).toMatch(/KAFKA_TLS_CA_FILE: needs KAFKA_TLS=true/);
  });

  test('a misspelt Kafka security variable is a start error', () => {
    expect(errorOf({ ...bus, ...sasl, ...tls, KAFKA_SASL_PASWORD_FILE: '/p' })).toContain('KAFKA_SASL_PASWORD_FILE: unknown variable');
  });

  test('the password and the CA are read from their files at start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kafka-secrets-'));
    try {
      writeFileSync(join(dir, 'password'), 'scram-secret\n');
      writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\n');
      const config = loadConfig({ ...bus, ...sasl, ...tls, KAFKA_SASL_PASSWORD_FILE: join(dir, 'password'), KAFKA_TLS_CA_FILE: join(dir, 'ca.pem') });
      expect(await kafkaSecurityOf(config)).toEqual({
        sasl: { mechanism: 'scram-sha-512', username: 'grid', password: 'scram-secret' },
        ssl: { ca: '-----BEGIN CERTIFICATE-----\n' },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('production token keys', () => {
  const adapters = { EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://k:2113', BUS: 'kafka', KAFKA_BROKERS: 'kafka:9092', KAFKA_ALLOW_PLAINTEXT: 'true', DOCUMENT_STORE: 'mongodb', MONGODB_URL: 'mongodb://m/grid' };
  const claims = { JWT_ISSUER: 'https://idp.example/realms/grid', JWT_AUDIENCE: 'grid' };

  test('with nothing set the embedded key pair signs and verifies', () => {
    expect(loadConfig({}).tokenKeys).toEqual({ kind: 'embedded' });
  });

  test('JWT_PUBLIC_KEY_FILE (a mounted secret) is the key source', () => {
    expect(loadConfig({ ...adapters, ...claims, JWT_PUBLIC_KEY_FILE: '/run/secrets/jwt' }).tokenKeys).toEqual({ kind: 'public-key-file', path: '/run/secrets/jwt' });
  });

  const urls = { KURRENTDB_URL: adapters.KURRENTDB_URL, KAFKA_BROKERS: adapters.KAFKA_BROKERS, MONGODB_URL: adapters.MONGODB_URL };
  test.each([['EVENT_STORE'], ['BUS'], ['DOCUMENT_STORE']] as const)('a production %s without a key source refuses to start', (adapter) => {
    expect(errorOf({ ...claims, ...urls, [adapter]: adapters[adapter] })).toMatch(/JWT_JWKS_URL: required with a production adapter/);
  });

  test('a production key source needs issuer and audience', () => {
    const message = errorOf({ JWT_PUBLIC_KEY_FILE: '/run/secrets/jwt' });
    expect(message).toMatch(/JWT_ISSUER: required/);
    expect(message).toMatch(/JWT_AUDIENCE: required/);
  });

  test('a JWKS URL over plain http is refused unless it is loopback', () => {
    expect(errorOf({ ...claims, JWT_JWKS_URL: 'http://idp.example/jwks.json' })).toMatch(/JWT_JWKS_URL: must be https/);
    expect(loadConfig({ ...claims, JWT_JWKS_URL: 'https://idp.example/jwks.json' }).tokenKeys).toEqual({ kind: 'jwks', url: 'https://idp.example/jwks.json' });
  });

  test('two key sources are refused: which one verifies must not depend on precedence', () => {
    expect(errorOf({ ...claims, JWT_PUBLIC_KEY: 'x', JWT_PUBLIC_KEY_FILE: '/k' })).toMatch(/JWT_PUBLIC_KEY_FILE: set one of/);
  });

  test.each([['JWT_PUBLIC_KEYFILE'], ['JWT_AUDIENCES'], ['PERSONAL_DATA_KEY']])('an unknown %s is a start error, not silently dropped', (key) => {
    expect(errorOf({ [key]: 'x' })).toContain(`${key}: unknown variable`);
  });

    expect(loadConfig({ MONGODB_URL: '' }).MONGODB_URL).toBeUndefined();
  });
});

describe('opening the configured infrastructure', () => {
  test('the data folder is private to the service user: the folder 0700, every file in it 0600', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grid-infra-'));
    try {
      const dataDir = join(dir, 'data');
      const infra = await openInfrastructure(loadConfig({ DATA_DIR: dataDir, READ_SIDE: 'inline' }));
      await infra.store.append('test-1', [{ type: 'platform.probe.recorded', data: { n: 1 }, actor: { id: 't', role: 'system' } }], { expectedRevision: 'no-stream' });
      const modes = Object.fromEntries(readdirSync(dataDir).filter((f) => statSync(join(dataDir, f)).isFile()).map((f) => [f, (statSync(join(dataDir, f)).mode & 0o777).toString(8)]));
      await infra.close();
      expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
      expect(Object.keys(modes)).toEqual(expect.arrayContaining(['grid.db', 'bus.db', 'documents.db', 'personal-data-keys.db']));
      expect(Object.values(modes).every((m) => m === '600') ? 'all 600' : modes).toBe('all 600');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the process exits non-zero when the embedded event store loses durability (a failed WAL fsync)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grid-infra-'));
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const sync = jest.spyOn(WalSync.prototype, 'sync').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    try {
      const infra = await openInfrastructure(loadConfig({ DATA_DIR: dir }));
      const actor = { id: 't', role: 'system' } as const;
      await expect(infra.store.append('test-1', [{ type: 'platform.probe.recorded', data: { n: 1 }, actor }], { expectedRevision: 'no-stream' })).rejects.toThrow('EIO');
      expect(exit.mock.calls[0]?.[0]).toBeGreaterThan(0);
      await infra.close();
    } finally {
      sync.mockRestore();
      exit.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the embedded default opens store, bus and read models in the data folder and closes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'grid-infra-'));
    try {
      const infra = await openInfrastructure(loadConfig({ DATA_DIR: join(dir, 'nested') }));
      expect(infra.kinds).toEqual({ store: 'sqlite', bus: 'embedded', documents: 'sqlite' });
      await infra.store.append('test-1', [{ type: 'platform.probe.recorded', data: { n: 1 }, actor: { id: 't', role: 'system' } }], { expectedRevision: 'no-stream' });
      expect(await infra.store.headPosition()).toBe(1);
      await infra.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
