/**
 * RFC 8785 (JSON Canonicalization Scheme) text, written directly: the same output as the `canonicalize`
 * package for every JSON value (a property test holds the two together), several times faster. Object
 * members sorted by UTF-16 code units (`Array.prototype.sort`'s default order); strings as `JSON.stringify`
 * escapes them; numbers as ECMAScript's Number::toString (what `String(n)` and `JSON.stringify` give, -0
 * as 0). As `canonicalize` does: `toJSON()` is applied, undefined and symbol members are left out, and
 * undefined and symbols in arrays are written as null. Unlike it: holes in sparse arrays are written as
 * null too (as JSON.stringify does), and functions are refused rather than written as `undefined`.
 * Refused (thrown): NaN, ±Infinity, BigInt, functions.
 */
export function canonicalValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be written as JSON`);
      return String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? 'null' : canonicalObject(value);
    default:
      throw new TypeError(`a ${typeof value} cannot be written as JSON`);
  }
}

/** What JSON.stringify escapes in a string: `"`, `\\`, controls, and lone surrogates (tested for any surrogate). */
// eslint-disable-next-line no-control-regex -- the control characters are exactly what must be found
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** A JSON string literal: JSON.stringify's, without its call for the common string that needs no escape. */
export const quote = (text: string): string => (NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`);

function canonicalObject(value: object): string {
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return canonicalValue((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (i > 0) out += ',';
      out += item === undefined || typeof item === 'symbol' ? 'null' : canonicalValue(item);
    }
    return `${out}]`;
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const key of keys) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'symbol') continue;
    if (out.length > 1) out += ',';
    out += `${quote(key)}:${canonicalValue(item)}`;
  }
  return `${out}}`;
}

/** The envelope's members in RFC 8785 order (by UTF-16 code units), without `hash` and `globalPosition`. */
const ENVELOPE_KEYS = [
  'actor',
  'causationId',
  'correlationId',
  'data',
  'eventId',
  'occurredAt',
  'prevHash',
  'reason',
  'recordedAt',
  'schemaVersion',
  'streamId',
  'streamRevision',
  'traceparent',
  'type',
] as const;
const KNOWN: ReadonlySet<string> = new Set<string>([...ENVELOPE_KEYS, 'hash', 'globalPosition']);

/**
 * The canonical text of an envelope's hashed part: its members in their known order (no sort), each value
 * written by canonicalValue. `hash` and `globalPosition` are left out. Equal to canonicalValue of the
 * object without them; an object with members outside the envelope (a tampered export) is written
 * generically, so every member it has is hashed.
 */
export function canonicalEnvelope(part: object): string {
  if (Object.getPrototypeOf(part) === Object.prototype && onlyEnvelopeMembers(part)) return knownMembers(part as Record<string, unknown>);
  const { hash: _h, globalPosition: _p, ...rest } = part as Record<string, unknown>;
  return canonicalValue(rest);
}

function onlyEnvelopeMembers(part: object): boolean {
  for (const key in part) if (!KNOWN.has(key)) return false;
  return true;
}

/** Canonical text of members written beforehand (sealChecked writes `actor` and `data` as it copies them). */
export interface WrittenMembers {
  actor: string;
  data: string;
}

/**
 * The fixed-order writer for an object known to hold only envelope members (sealEvents builds those),
 * taking the text of `actor` and `data` from `written` when given.
 */
export function knownMembers(part: Record<string, unknown>, written?: WrittenMembers): string {
  let out = '{';
  for (const key of ENVELOPE_KEYS) {
    const item = part[key];
    if (item === undefined || typeof item === 'symbol') continue;
    if (out.length > 1) out += ',';
    const text = written && (key === 'actor' || key === 'data') ? written[key] : canonicalValue(item);
    out += `"${key}":${text}`;
  }
  return `${out}}`;
}
