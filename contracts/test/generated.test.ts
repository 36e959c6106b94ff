import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventRegistry, jsonSchemas, renderSchema } from '@grid/contracts';
import { GENERATED_DIR } from '../src/generate-json-schema';

describe('generated JSON Schema', () => {
  const expected = jsonSchemas(eventRegistry);

  test('every event version and the envelope has a checked-in schema that is up to date (run `npm run generate`)', () => {
    for (const [name, schema] of Object.entries(expected)) {
      expect({ name, text: readFileSync(join(GENERATED_DIR, name), 'utf8') }).toEqual({ name, text: renderSchema(schema) });
    }
  });

  test('no stale schema file is left for an event that no longer exists', () => {
    const onDisk = readdirSync(GENERATED_DIR).filter((f) => f.endsWith('.schema.json')).sort();
    expect(onDisk).toEqual(Object.keys(expected).sort());
  });
});
