// `npm start`: every service in one process on the embedded default (one SQLite file, no servers).
import { ConfigError, SqliteEventStore, loadConfig } from '@grid/platform';
import { startHealthServer } from './health';

async function main(): Promise<void> {
  const config = loadConfig();
  const store = await SqliteEventStore.open({ path: config.databasePath, synchronous: config.SQLITE_SYNCHRONOUS });
  const server = await startHealthServer(store, config.PORT, config.HOST);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  process.stdout.write(`grid-governance (embedded) listening on http://127.0.0.1:${port}  data: ${config.databasePath}\n`);
  process.stdout.write(`  health: http://127.0.0.1:${port}/health\n`);
  const stop = async () => {
    server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
