import type { z } from 'zod';
import type { Envelope } from './envelope';
import type { EventDefinition } from './registry';

/** Any event as a reader sees it: its type and its data. */
export interface EventShape {
  type: string;
  data: Record<string, unknown>;
}

type Tuple<N extends number, T extends unknown[] = []> = T['length'] extends N ? T : Tuple<N, [...T, unknown]>;
type NextVersion<V extends number> = number extends V ? never : [...Tuple<V>, unknown]['length'];

/** D, unless All holds the next version of D's type. */
type IfNewest<D, All> =
  D extends EventDefinition<z.ZodType, infer T, infer V>
    ? [Extract<All, { type: T; schemaVersion: NextVersion<V> }>] extends [never]
      ? D
      : never
    : never;

type EventFrom<D> =
  D extends EventDefinition<infer S, infer T> ? (z.infer<S> extends EventShape['data'] ? { type: T; data: z.infer<S> } : never) : never;

/**
 * The events a list of definitions (a service's registry module) defines, as readers see them: the newest
 * version of each type, a union discriminated on `type`, e.g. `EventUnion<typeof gridRecordsEvents>`.
 */
export type EventUnion<Defs extends readonly EventDefinition[]> = EventFrom<IfNewest<Defs[number], Defs[number]>>;

/** The envelope of one of the events E, its data typed by its type: `switch (e.type)` narrows `e.data`. */
export type TypedEnvelope<E extends EventShape = EventShape> = E extends EventShape
  ? Omit<Envelope, 'type' | 'data'> & { type: E['type']; data: E['data'] }
  : never;

/** The type names of a list of definitions. */
export type EventTypeOf<Defs extends readonly EventDefinition[]> = Defs[number]['type'];

/** Some of a service's events: their type names, and a guard that narrows a read envelope to them. */
export interface EventSelection<E extends EventShape> {
  readonly types: readonly E['type'][];
  /**
   * The type name decides: the data is that type's newest version, since writers emit the contracts' types
   * and readers upcast (EventRegistry.current on the read path).
   */
  readonly is: (e: Envelope) => e is TypedEnvelope<E>;
}

/** The envelope of a selection's events: `EnvelopeOf<typeof statusSummaryEvents>`. */
export type EnvelopeOf<S> = S extends EventSelection<infer E> ? TypedEnvelope<E> : never;

/** The events of a list of definitions (a service's registry module), or only the `only` types of them. */
export function selectEvents<Defs extends readonly EventDefinition[]>(defs: Defs): EventSelection<EventUnion<Defs>>;
export function selectEvents<Defs extends readonly EventDefinition[], T extends EventTypeOf<Defs>>(
  defs: Defs,
  only: readonly T[],
): EventSelection<Extract<EventUnion<Defs>, { type: T }>>;
export function selectEvents(defs: readonly EventDefinition[], only?: readonly string[]): EventSelection<EventShape> {
  const types = [...new Set(only ?? defs.map((d) => d.type))];
  const names = new Set(types);
  return { types, is: (e): e is TypedEnvelope => names.has(e.type) };
}
