import { readFile, writeFile } from 'node:fs/promises';
import type { INestApplication } from '@nestjs/common';
import type { OpenApiDocument } from './openapi';

/** Resolved by createHttpApp once the app is initialised. */
export const OPENAPI_DOCUMENT = Symbol('OpenApiDocument');

export interface OpenApiHolder {
  document(): OpenApiDocument;
}

export const openApiOf = (app: INestApplication): OpenApiDocument => app.get<OpenApiHolder>(OPENAPI_DOCUMENT).document();

/** Stable text: a committed file diffs only when the API changed. */
export const openApiText = (doc: OpenApiDocument): string => `${JSON.stringify(doc, null, 2)}\n`;

/** Writes the app's OpenAPI document (services commit it beside their code, for clients and review). */
export async function writeOpenApi(app: INestApplication, file: string): Promise<void> {
  await writeFile(file, openApiText(openApiOf(app)));
}

/**
 * For a service's staleness test: `expect(await openApiStaleness(app, file)).toBeNull()`. Returns null
 * when the committed file equals what the code describes, else a message saying how to refresh it.
 */
export async function openApiStaleness(app: INestApplication, file: string, refreshCommand = 'npm run generate'): Promise<string | null> {
  const expected = openApiText(openApiOf(app));
  let actual: string | null = null;
  try {
    actual = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (actual === expected) return null;
  return actual === null ? `${file} is missing; run \`${refreshCommand}\`` : `${file} is stale: the routes changed; run \`${refreshCommand}\` and commit the result`;
}
