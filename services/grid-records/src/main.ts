// `npm run start -w services/grid-records`: grid-records alone, configured by the environment (PORT, DATA_DIR,
// EVENT_STORE/BUS/DOCUMENT_STORE and their URLs; see @grid/platform config).
/* eslint-disable @typescript-eslint/no-require-imports -- the app loads after telemetry, see main() */
import { ConfigError, loadConfig, openInfrastructure, startTelemetry } from '@grid/platform';
import type * as StartModule from './start';

async function main(): Promise<void> {
  const config = loadConfig();
  // Telemetry first, then the app: auto-instrumentation patches Nest, fastify and node:http as they are required
  // (platform telemetry README), so they are required only now (the type imports above are erased).
  const telemetry = startTelemetry({ serviceName: config.SERVICE_NAME, config });
  const { startGridRecords } = require('./start') as typeof StartModule;
  const infra = await openInfrastructure(config);
  let service;
  try {
    service = await startGridRecords({ config, infra });
  } catch (error) {
    await infra.close().catch(() => undefined);
    throw error;
  }
  process.stdout.write(
    `grid-records listening on ${service.url}  (store ${infra.kinds.store}, bus ${infra.kinds.bus}, documents ${infra.kinds.documents})\n`,
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

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
