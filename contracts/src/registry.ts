import { z } from 'zod';
import { EVENT_TYPE_PATTERN, type Envelope } from './envelope';

/** One version of one event type's data, with the step up from the version before it. */
export interface EventDefinition<S extends z.ZodType = z.ZodType, T extends string = string, V extends number = number> {
  type: T;
  schemaVersion: V;
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

  /**
   * The envelope as readers see it (the read path's one step): an older version upcast and validated, anything
   * else as it is, without a parse: the newest version was validated by its writer's types, and an unknown type
   * or a version newer than this reader knows (a rolling upgrade) is passed on for the reader to skip or keep.
   */
  current(envelope: Envelope): Envelope {
    const versions = this.byType.get(envelope.type);
    if (!versions || envelope.schemaVersion >= versions.length || envelope.schemaVersion < 1) return envelope;
    return this.upcast(envelope);
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

/** One version of an event type; its type name and version stay literal, so EventUnion can derive the service's events. */
export function defineEvent<S extends z.ZodType, const T extends string, const V extends number>(def: EventDefinition<S, T, V>): EventDefinition<S, T, V> {
  return def;
}
