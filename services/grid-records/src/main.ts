// `npm run start -w services/grid-records`: grid-records alone, configured by the environment (PORT, DATA_DIR,
// EVENT_STORE/BUS/DOCUMENT_STORE and their URLs; see @grid/platform config).
import { ConfigError, loadConfig } from '@grid/platform';
import { openInfrastructure } from './infrastructure';
import { startGridRecords } from './start';

async function main(): Promise<void> {
  const config = loadConfig();
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
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
