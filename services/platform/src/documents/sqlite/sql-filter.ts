import type { SQLInputValue } from 'node:sqlite';
import type { CheckedFindOptions, Condition, Scalar } from '../filter';

/** A piece of SQL and the values bound to its `?` placeholders, in order. */
export interface SqlPart {
  sql: string;
  params: SQLInputValue[];
}

/**
 * How a field reads in SQL: its value and its JSON type name ('text', 'integer', 'real', 'true',
 * 'false', 'null', 'object', 'array'; SQL NULL when missing). `_id` and `_version` are columns.
 * Paths are validated identifiers (document-store.ts) and are inlined on purpose: an expression index
 * is only used when the query repeats its expression literally, and index expressions take no parameters.
 */
export function fieldSql(path: string[]): { value: string; type: string } {
  const top = path.length === 1 ? path[0] : undefined;
  if (top === '_id') return { value: 'id', type: `'text'` };
  if (top === '_version') return { value: 'version', type: `'integer'` };
  const jsonPath = `'$.${path.join('.')}'`;
  return { value: `json_extract(data, ${jsonPath})`, type: `json_type(data, ${jsonPath})` };
}

const SQL_OPERATOR = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

// json_extract turns true into 1 and an object into its JSON text, so every comparison is guarded by
// the JSON type: that keeps `{ flag: 1 }` from matching true and a string from matching an object,
// as in MongoDB. The guard never makes an expression index unusable: the planner keys on the value term.
function typed(field: { value: string; type: string }, value: Scalar, operator: string): SqlPart {
  if (typeof value === 'boolean') return { sql: operator === '=' ? `${field.type} = '${value}'` : '0', params: [] };
  const types = typeof value === 'number' ? `IN ('integer', 'real')` : `= 'text'`;
  return { sql: `(${field.type} ${types} AND ${field.value} ${operator} ?)`, params: [value] };
}

function equalsSql(field: { value: string; type: string }, value: Scalar | null): SqlPart {
  if (value === null) return { sql: `COALESCE(${field.type}, 'null') = 'null'`, params: [] };
  return typed(field, value, '=');
}

export function conditionSql(c: Condition): SqlPart {
  const field = fieldSql(c.path);
  switch (c.op) {
    case 'eq':
      return equalsSql(field, c.value);
    case 'ne': {
      // `IS NOT 1` rather than NOT(…): a missing field makes the equality NULL, and $ne must match it.
      const eq = equalsSql(field, c.value);
      return { sql: `(${eq.sql}) IS NOT 1`, params: eq.params };
    }
    case 'in': {
      if (c.values.length === 0) return { sql: '0', params: [] };
      const parts = c.values.map((v) => equalsSql(field, v));
      return { sql: `(${parts.map((p) => p.sql).join(' OR ')})`, params: parts.flatMap((p) => p.params) };
    }
    case 'exists':
      return { sql: `${field.type} IS ${c.value ? 'NOT ' : ''}NULL`, params: [] };
    default:
      return typed(field, c.value, SQL_OPERATOR[c.op]);
  }
}

/** WHERE, ORDER BY and LIMIT clauses (each possibly empty) for a find or count. */
export function querySql(conditions: Condition[], options?: CheckedFindOptions): SqlPart {
  const parts = conditions.map(conditionSql);
  if (options?.afterId !== undefined) parts.push({ sql: `id ${options.sort.direction === 1 ? '>' : '<'} ?`, params: [options.afterId] });
  let sql = parts.length > 0 ? ` WHERE ${parts.map((p) => p.sql).join(' AND ')}` : '';
  const params = parts.flatMap((p) => p.params);
  if (options) {
    const dir = options.sort.direction === 1 ? 'ASC' : 'DESC';
    const by = fieldSql(options.sort.path).value;
    sql += by === 'id' ? ` ORDER BY id ${dir}` : ` ORDER BY ${by} ${dir}, id ${dir}`;
    if (options.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(options.limit);
    }
  }
  return { sql, params };
}
