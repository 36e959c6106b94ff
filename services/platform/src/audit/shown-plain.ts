import { SealedSchema } from '@grid/contracts';
import { PersistentMap } from '../decider/persistent-map';

/** What a sealed personal field reads in an audit answer: auditors see personal data masked, never opened here. */
export const MASKED = '***';

/**
 * A value as JSON shows it: maps as objects (string keys) or pairs, sets as arrays, persistent maps by key, other class instances by their
 * size, and every sealed value masked, so an answer can never carry a ciphertext an insider could try keys on.
 */
export function shownPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (SealedSchema.safeParse(value).success) return MASKED;
  if (Array.isArray(value)) return value.map(shownPlain);
  if (value instanceof Map) {
    const entries = [...value.entries()];
    return entries.every(([k]) => typeof k === 'string') ? Object.fromEntries(entries.map(([k, v]) => [k, shownPlain(v)])) : entries.map(([k, v]) => [shownPlain(k), shownPlain(v)]);
  }
  if (value instanceof Set) return [...value].map(shownPlain);
  if (value instanceof PersistentMap) return Object.fromEntries([...(value as PersistentMap<unknown>).entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shownPlain(v)]));
  if (Object.getPrototypeOf(value) !== Object.prototype) return 'size' in value ? { size: (value as { size: unknown }).size } : String(value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shownPlain(v)]));
}
