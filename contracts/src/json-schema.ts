import { z } from 'zod';
import { EnvelopeSchema } from './envelope';
import type { EventRegistry } from './registry';

/** File name → JSON Schema (draft 2020-12) for the envelope and every version of every event's data. */
export function jsonSchemas(registry: EventRegistry): Record<string, unknown> {
  const out: Record<string, unknown> = {
    'envelope.schema.json': { $id: 'envelope.schema.json', title: 'Event envelope', ...z.toJSONSchema(EnvelopeSchema, { io: 'input' }) },
  };
  for (const def of registry.definitions()) {
    const name = `${def.type}.v${def.schemaVersion}.schema.json`;
    out[name] = { $id: name, title: def.type, description: def.description, 'x-schema-version': def.schemaVersion, ...z.toJSONSchema(def.data, { io: 'input' }) };
  }
  return out;
}

export const renderSchema = (schema: unknown): string => `${JSON.stringify(schema, null, 2)}\n`;
