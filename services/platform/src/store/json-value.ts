import { canonicalValue } from './canonical-json';

/** A value JSON cannot carry, and where it sits: the keys from the top, e.g. ['members', 0, 'age']. */
export class NotJsonError extends Error {
  readonly at: (string | number)[] = [];
  constructor(readonly detail: string) {
    super(detail);
  }

  /** The path under `root`, as `data.members.0.age`. */
  where(root: string): string {
    return [root, ...this.at].join('.');
  }
}

/** Adds the member's key to a NotJsonError thrown below it (paths cost nothing until something is refused). */
function rethrowAt(error: unknown, key: string | number): never {
  if (error instanceof NotJsonError) error.at.unshift(key);
  throw error;
}

/** A writer's value as JSON carries it, and its RFC 8785 canonical text. */
export interface CanonicalCopy {
  value: unknown;
  text: string;
}

/**
 * Copies a writer's value as JSON would carry it, refusing what JSON cannot, and writes its canonical text.
 * The copy equals what parsing that text gives back, so an append returns what a later read returns. As
 * RFC 8785 (and the `canonicalize` package) serialise: `toJSON()` is applied, object members that are
 * undefined or symbols are left out, undefined and symbols in arrays become null (so do holes), -0 becomes
 * 0. Refused: BigInt, NaN, ±Infinity and functions anywhere. A cycle overflows the stack (RangeError):
 * callers refuse that too.
 *
 * The copy's members are created in RFC 8785 order (sorted by UTF-16 code units), so `JSON.stringify` of
 * the copy, native and fast, IS its canonical text (same escapes, same number form) unless some member
 * name looks like an integer: JavaScript lists those first, in numeric order. Then canonicalValue writes it.
 */
export function canonicalCopy(value: unknown): CanonicalCopy {
  const order = { integerKeys: false };
  const copy = copyOf(value, order);
  return { value: copy, text: order.integerKeys ? canonicalValue(copy) : JSON.stringify(copy) };
}

/** Whether any member name starts with a digit (a superset of the integer-like names that break the order). */
interface KeyOrder {
  integerKeys: boolean;
}

function copyOf(value: unknown, order: KeyOrder): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(`${value} is not a JSON number`);
      return value === 0 ? 0 : value; // -0 is written as 0
    case 'object':
      return value === null ? null : objectCopy(value, order);
    case 'bigint':
      throw new NotJsonError('a BigInt is not a JSON number');
    case 'function':
      throw new NotJsonError('a function is not JSON');
    default:
      // undefined and symbols are handled by the containers; as a value of their own they are not JSON
      throw new NotJsonError(`${typeof value} is not JSON`);
  }
}

function objectCopy(value: object, order: KeyOrder): unknown {
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === 'function') return copyOf(json.call(value), order);
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      try {
        out[i] = item === undefined || typeof item === 'symbol' ? null : copyOf(item, order);
      } catch (error) {
        rethrowAt(error, i);
      }
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'symbol') continue;
    let copy: unknown;
    try {
      copy = copyOf(item, order);
    } catch (error) {
      rethrowAt(error, key);
    }
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57) order.integerKeys = true;
    // `__proto__` as a plain assignment would set the prototype; JSON.parse makes it an own member.
    if (key === '__proto__') Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return out;
}
