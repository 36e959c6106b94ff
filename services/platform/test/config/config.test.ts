import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@grid/platform';
import { openInfrastructure } from '../../src/infrastructure/open-infrastructure';

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
    const env: NodeJS.ProcessEnv = { BUS: 'kafka', KAFKA_BROKERS: '127.0.0.1:9092', [key]: value };
    expect(errorOf(env)).toContain(`${key}:`);
  });

  test('an empty value counts as not set', () => {
    expect(loadConfig({ MONGODB_URL: '' }).MONGODB_URL).toBeUndefined();
  });
});

describe('opening the configured infrastructure', () => {
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
