import { z } from 'zod';
import { EnvelopeSchema } from './envelope';
import type { EventDefinition, EventRegistry } from './registry';

/** JSON Schema drafts zod writes: 2020-12 for the published files and OpenAPI 3.1, draft-07 for AsyncAPI 3.0. */
export type JsonSchemaTarget = 'draft-2020-12' | 'draft-07';

/** What a writer may put in an event's `data`, as a JSON Schema of the given draft. */
export const eventDataSchema = (def: EventDefinition, target: JsonSchemaTarget = 'draft-2020-12'): Record<string, unknown> =>
  z.toJSONSchema(def.data, { io: 'input', target }) as Record<string, unknown>;

export const envelopeSchema = (target: JsonSchemaTarget = 'draft-2020-12'): Record<string, unknown> =>
  z.toJSONSchema(EnvelopeSchema, { io: 'input', target }) as Record<string, unknown>;

/** File name → JSON Schema (draft 2020-12) for the envelope and every version of every event's data. */
export function jsonSchemas(registry: EventRegistry): Record<string, unknown> {
  const out: Record<string, unknown> = {
    'envelope.schema.json': { $id: 'envelope.schema.json', title: 'Event envelope', ...envelopeSchema() },
  };
  for (const def of registry.definitions()) {
    const name = `${def.type}.v${def.schemaVersion}.schema.json`;
    out[name] = { $id: name, title: def.type, description: def.description, 'x-schema-version': def.schemaVersion, ...eventDataSchema(def) };
  }
  return out;
}

export const renderSchema = (schema: unknown): string => `${JSON.stringify(schema, null, 2)}\n`;
