// Writes contracts/generated/*.schema.json and asyncapi.json from the registry (`npm run generate`); tests fail when stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { asyncApiDocument } from './asyncapi';
import { eventRegistry } from './events';
import { jsonSchemas, renderSchema } from './json-schema';

export const GENERATED_DIR = resolve(__dirname, '..', 'generated');
export const ASYNCAPI_FILE = 'asyncapi.json';

export function writeGenerated(dir = GENERATED_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith('.schema.json')) rmSync(join(dir, f));
  const files = { ...jsonSchemas(eventRegistry), [ASYNCAPI_FILE]: asyncApiDocument(eventRegistry) };
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), renderSchema(content));
  return Object.keys(files);
}

if (require.main === module) {
  const names = writeGenerated();
  process.stdout.write(`wrote ${names.length} files (JSON Schemas, AsyncAPI) to ${GENERATED_DIR}\n`);
}
