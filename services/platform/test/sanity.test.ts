import { DatabaseSync } from 'node:sqlite';
import canonicalize from 'canonicalize';
test('sqlite', () => {
  const db = new DatabaseSync(':memory:');
  expect(db.prepare('select 1 as x').get()).toEqual({ x: 1 });
  expect(canonicalize({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
});
