// Writes services/grid-records/openapi.json from the routes (checked in; a test fails when it is stale).
// Run: node scripts/bootstrap.cjs node services/grid-records/dist/tools/write-openapi.js
import { resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MemoryDocumentStore, MemoryEventStore, loadConfig } from '@grid/platform';
import { InvalidTokenError, createLogger, writeOpenApi } from '@grid/platform/http';
import { createGridRecordsApp } from '../start';

export const OPENAPI_FILE = resolve(__dirname, '..', '..', 'openapi.json');
export const OPENAPI_REFRESH = 'node scripts/bootstrap.cjs node services/grid-records/dist/tools/write-openapi.js';

/** The app with nothing behind it: enough to describe the routes, never to serve one. */
export function describeOnlyApp(): Promise<NestFastifyApplication> {
  const refuse = async (): Promise<never> => {
    throw new Error('describe-only app');
  };
  return createGridRecordsApp({
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    store: new MemoryEventStore(),
    documents: new MemoryDocumentStore(),
    vault: { seal: refuse, open: refuse, idHash: () => '', shred: refuse },
    readModels: { reached: async () => undefined },
    logger: createLogger({ level: 'silent' }),
    tokenVerifier: { verify: async () => Promise.reject(new InvalidTokenError('describe-only app')) },
  });
}

async function main(): Promise<void> {
  const app = await describeOnlyApp();
  try {
    await writeOpenApi(app, OPENAPI_FILE);
    process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
