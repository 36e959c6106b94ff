import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { InvalidTokenError } from '../auth/token-verifier';
import { loadConfig } from '../config/config';
import { MemoryDocumentStore } from '../documents/memory/memory-document-store';
import { createLogger } from '../http/logging';
import { openApiStaleness, writeOpenApi } from '../http/openapi-file';
import { MemoryEventStore } from '../store/memory/memory-event-store';
import type { ServiceDefinition } from './service-definition';
import { createServiceApp } from './start-service';

/** The service's app with nothing behind it: enough to describe the routes, never to serve one. */
export async function describeOnlyApp(definition: ServiceDefinition): Promise<NestFastifyApplication> {
  const refuse = async (): Promise<never> => {
    throw new Error('describe-only app');
  };
  const { app } = await createServiceApp(definition, {
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    store: new MemoryEventStore(),
    documents: new MemoryDocumentStore(),
    vault: { seal: refuse, open: refuse, idHash: () => '', idRef: refuse, proposeIdRef: refuse, recordIdRefs: refuse, withdrawIdRefs: refuse, forgetIdRefs: refuse, shred: refuse, reveal: refuse, reveals: refuse },
    readModels: { reached: async () => undefined },
    logger: createLogger({ level: 'silent' }),
    tokenVerifier: { verify: async () => Promise.reject(new InvalidTokenError('describe-only app')) },
  });
  return app;
}

/** Writes the service's OpenAPI document to `file` (its `tools/write-openapi.ts` calls this). */
export async function writeServiceOpenApi(definition: ServiceDefinition, file: string): Promise<void> {
  const app = await describeOnlyApp(definition);
  try {
    await writeOpenApi(app, file);
  } finally {
    await app.close();
  }
}

/** For the service's staleness test: null when `file` is what the routes describe, else how to refresh it. */
export async function serviceOpenApiStaleness(definition: ServiceDefinition, file: string, refreshCommand: string): Promise<string | null> {
  const app = await describeOnlyApp(definition);
  try {
    return await openApiStaleness(app, file, refreshCommand);
  } finally {
    await app.close();
  }
}

/** The body of a service's `tools/write-openapi.ts` when run as a script: writes, says where, exits 1 on failure. */
export function writeServiceOpenApiAndExit(definition: ServiceDefinition, file: string): void {
  writeServiceOpenApi(definition, file).then(
    () => process.stdout.write(`wrote ${file}\n`),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
