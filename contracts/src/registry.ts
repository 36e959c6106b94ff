import { z } from 'zod';
import { EVENT_TYPE_PATTERN, type Envelope } from './envelope';

/** One version of one event type's data, with the step up from the version before it. */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  schemaVersion: number;
  description: string;
  data: S;
  /** Turns data of `schemaVersion - 1` into data of this version (required for versions > 1). */
  upcastFrom?: (previous: Record<string, unknown>) => Record<string, unknown>;
}

export class UnknownEventTypeError extends Error {
  constructor(readonly type: string, readonly schemaVersion?: number) {
    super(`unknown event type ${type}${schemaVersion ? ` v${schemaVersion}` : ''}`);
  }
}

/**
 * Maps each event type to its versioned data schemas. Readers upcast old events to the newest version on
 * read; the store keeps what was written (history is never rewritten, and the hash covers the original).
 */
export class EventRegistry {
  private readonly byType = new Map<string, EventDefinition[]>();

  register(...defs: EventDefinition[]): this {
    for (const def of defs) {
      if (!EVENT_TYPE_PATTERN.test(def.type)) throw new Error(`bad event type name ${def.type}`);
      const versions = this.byType.get(def.type) ?? [];
      if (def.schemaVersion !== versions.length + 1) {
        throw new Error(`${def.type}: register v${versions.length + 1} next, not v${def.schemaVersion}`);
      }
      if (def.schemaVersion > 1 && !def.upcastFrom) throw new Error(`${def.type} v${def.schemaVersion} needs upcastFrom`);
      versions.push(def);
      this.byType.set(def.type, versions);
    }
    return this;
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  types(): string[] {
    return [...this.byType.keys()].sort();
  }

  definitions(): EventDefinition[] {
    return [...this.byType.values()].flat();
  }

  latest(type: string): EventDefinition {
    const versions = this.byType.get(type);
    const last = versions?.[versions.length - 1];
    if (!last) throw new UnknownEventTypeError(type);
    return last;
  }

  /** Validates `data` against the newest version of `type` (for writers). */
  validate<T = Record<string, unknown>>(type: string, data: unknown): T {
    return this.latest(type).data.parse(data) as T;
  }

  /** Upcasts an envelope's data to the newest version and validates it (for readers). */
  upcast<T = Record<string, unknown>>(envelope: Envelope): Envelope<T> {
    const versions = this.byType.get(envelope.type);
    if (!versions) throw new UnknownEventTypeError(envelope.type);
    if (envelope.schemaVersion < 1 || envelope.schemaVersion > versions.length) {
      throw new UnknownEventTypeError(envelope.type, envelope.schemaVersion);
    }
    let data = envelope.data;
    for (const def of versions.slice(envelope.schemaVersion)) data = def.upcastFrom!(data);
    const latest = versions[versions.length - 1]!;
    return { ...envelope, schemaVersion: latest.schemaVersion, data: latest.data.parse(data) as T };
  }
}

export function defineEvent<S extends z.ZodType>(def: EventDefinition<S>): EventDefinition<S> {
  return def;
}
