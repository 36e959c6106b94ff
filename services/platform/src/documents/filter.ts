import { fieldSegments, type FieldCondition, type Filter, type FindOptions } from './document-store';

/**
 * The one reading of the filter language (document-store.ts): every adapter parses a filter into these
 * conditions, so validation and MongoDB-like semantics live here; the memory adapter evaluates them with
 * `matches`, the SQLite adapter translates them to SQL.
 */
export type Scalar = string | number | boolean;
export type Comparison = 'gt' | 'gte' | 'lt' | 'lte';
export type Condition = { field: string; path: string[] } & (
  | { op: 'eq' | 'ne'; value: Scalar | null }
  | { op: 'in'; values: Scalar[] }
  | { op: Comparison; value: string | number }
  | { op: 'exists'; value: boolean }
);

export interface CheckedFindOptions {
  sort: { field: string; path: string[]; direction: 1 | -1 };
  limit?: number;
  afterId?: string;
}

const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const isOrderable = (v: unknown): v is string | number => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

export function parseFilter(filter: Filter = {}): Condition[] {
  return Object.entries(filter).map(([field, condition]) => parseCondition(field, fieldSegments(field), condition));
}

function parseCondition(field: string, path: string[], condition: FieldCondition): Condition {
  if (condition === null || isScalar(condition)) return { field, path, op: 'eq', value: condition };
  const entries = typeof condition === 'object' ? Object.entries(condition) : [];
  if (entries.length !== 1) throw new Error(`filter on "${field}": one operator per field`);
  const [operator, operand] = entries[0]!;
  switch (operator) {
    case '$in':
      if (!Array.isArray(operand) || !operand.every(isScalar)) throw new Error(`filter on "${field}": $in takes an array of strings, numbers or booleans`);
      return { field, path, op: 'in', values: operand };
    case '$ne':
      if (operand !== null && !isScalar(operand)) throw new Error(`filter on "${field}": $ne takes a scalar or null`);
      return { field, path, op: 'ne', value: operand };
    case '$exists':
      if (typeof operand !== 'boolean') throw new Error(`filter on "${field}": $exists takes a boolean`);
      return { field, path, op: 'exists', value: operand };
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      if (!isOrderable(operand)) throw new Error(`filter on "${field}": ${operator} takes a finite number or a string`);
      return { field, path, op: operator.slice(1) as Comparison, value: operand };
    default:
      throw new Error(`filter on "${field}": unsupported operator ${operator}`);
  }
}

export function checkFindOptions(options: FindOptions = {}): CheckedFindOptions {
  const field = options.sort?.field ?? '_id';
  const direction = options.sort?.direction ?? 1;
  if (direction !== 1 && direction !== -1) throw new Error('sort direction must be 1 or -1');
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit > 0)) throw new Error('limit must be a positive integer');
  if (options.afterId !== undefined && field !== '_id') throw new Error('afterId pages in _id order; it cannot be combined with another sort field');
  return { sort: { field, path: fieldSegments(field), direction }, limit: options.limit, afterId: options.afterId };
}

/** The value at a dotted path; undefined when missing or when the path crosses a non-object. */
export function valueAt(doc: unknown, path: string[]): unknown {
  let value = doc;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

/** Code point order, as SQLite (memcmp of UTF-8) and MongoDB compare; JS `<` compares UTF-16 units instead. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return ca.done ? (cb.done ? 0 : -1) : 1;
    const diff = ca.value.codePointAt(0)! - cb.value.codePointAt(0)!;
    if (diff !== 0) return diff;
  }
}

const sameType = (a: unknown, b: unknown) => typeof a === typeof b && a !== null && b !== null;
const equals = (stored: unknown, value: Scalar | null) => (value === null ? stored === null || stored === undefined : sameType(stored, value) && stored === value);

function compareSameType(a: string | number, b: string | number): number {
  return typeof a === 'string' ? compareStrings(a, b as string) : (a as number) - (b as number);
}

export function matchesCondition(doc: unknown, c: Condition): boolean {
  const stored = valueAt(doc, c.path);
  switch (c.op) {
    case 'eq':
      return equals(stored, c.value);
    case 'ne':
      return !equals(stored, c.value);
    case 'in':
      return c.values.some((v) => equals(stored, v));
    case 'exists':
      return (stored !== undefined) === c.value;
    default: {
      if (!sameType(stored, c.value)) return false;
      const diff = compareSameType(stored as string | number, c.value);
      return c.op === 'gt' ? diff > 0 : c.op === 'gte' ? diff >= 0 : c.op === 'lt' ? diff < 0 : diff <= 0;
    }
  }
}

export const matches = (doc: unknown, conditions: Condition[]): boolean => conditions.every((c) => matchesCondition(doc, c));

// MongoDB's order between types (null < numbers < strings < objects < arrays < booleans); only the
// null-first part is in the contract, the rest just keeps the memory adapter deterministic.
function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 5;
  return Array.isArray(v) ? 4 : 3;
}

/** Ascending order of two field values. */
export function compareValues(a: unknown, b: unknown): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return rank;
  if (typeof a === 'number' || typeof a === 'string') return compareSameType(a, b as string | number);
  if (typeof a === 'boolean') return Number(a) - Number(b);
  return a === null || a === undefined ? 0 : compareStrings(JSON.stringify(a), JSON.stringify(b));
}
