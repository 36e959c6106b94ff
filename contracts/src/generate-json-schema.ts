// Writes contracts/generated/*.schema.json from the registry (`npm run generate`); a test fails when stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eventRegistry } from './events';
import { jsonSchemas, renderSchema } from './json-schema';

export const GENERATED_DIR = resolve(__dirname, '..', 'generated');

export function writeGenerated(dir = GENERATED_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (f.endsWith('.schema.json')) rmSync(join(dir, f));
  const files = jsonSchemas(eventRegistry);
  for (const [name, schema] of Object.entries(files)) writeFileSync(join(dir, name), renderSchema(schema));
  return Object.keys(files);
}

if (require.main === module) {
  const names = writeGenerated();
  process.stdout.write(`wrote ${names.length} schemas to ${GENERATED_DIR}\n`);
}
