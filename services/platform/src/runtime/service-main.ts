/* eslint-disable @typescript-eslint/no-require-imports -- the service loads after telemetry, see runServiceMain */
import { ConfigError, loadConfig } from '../config/config';
import { openInfrastructure } from '../infrastructure/open-infrastructure';
import type * as ServiceModule from '../service/start-service';
import type { ServiceDefinition } from '../service/service-definition';
import { startTelemetry } from '../telemetry';

/**
 * A service's `main.ts`: `runServiceMain(() => require('./definition').myService)`. Configured by the environment
 * (PORT, DATA_DIR, EVENT_STORE/BUS/DOCUMENT_STORE and their URLs); stops on SIGINT/SIGTERM. Telemetry starts first
 * and the service (Nest, fastify, node:http) is required only then: auto-instrumentation patches modules as they
 * load (platform telemetry README).
 */
export function runServiceMain(load: () => ServiceDefinition): void {
  main(load).catch((error: unknown) => {
    process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}

async function main(load: () => ServiceDefinition): Promise<void> {
  const config = loadConfig();
  const telemetry = startTelemetry({ serviceName: config.SERVICE_NAME, config });
  const { startService } = require('../service/start-service') as typeof ServiceModule;
  const definition = load();
  const infra = await openInfrastructure(config);
  let service;
  try {
    service = await startService(definition, infra, { config });
  } catch (error) {
    await infra.close().catch(() => undefined);
    throw error;
  }
  process.stdout.write(
    `${definition.name} listening on ${service.url}  (store ${infra.kinds.store}, bus ${infra.kinds.bus}, documents ${infra.kinds.documents})\n`,
  );
  const stop = async () => {
    await service.close();
    await infra.close();
    await telemetry.shutdown();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}
