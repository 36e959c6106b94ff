// The ballot is secret (Art 15: 无记名投票): no event of this service may carry who a voter is together with
// what anyone chose. Every field name of every elections schema must be classified below; a new field fails
// this test until someone decides which it is (contracts/src/events/elections/ballot-secrecy.ts). The stored events of
// a seeded run are walked the same way in services/standalone/test/elections-demo.test.ts.
import { eventRegistry, linksVoterToChoice, unclassifiedFields } from '@grid/contracts';
import { z } from 'zod';

/** Every property name anywhere in a JSON Schema. */
function fieldNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => fieldNames(s, into));
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value && typeof value === 'object') Object.keys(value).forEach((k) => into.add(k));
      fieldNames(value, into);
    }
  }
  return into;
}

const schemas = eventRegistry
  .definitions()
  .filter((d) => d.type.startsWith('elections.'))
  .map((d) => [`${d.type} v${d.schemaVersion}`, fieldNames(z.toJSONSchema(d.data, { io: 'input' }))] as const);

describe('no elections event can link a voter to a choice', () => {
  test('the service has event schemas to check', () => {
    expect(schemas.length).toBeGreaterThanOrEqual(20);
  });

  test.each(schemas)('%s names no person beside a choice', (_type, fields) => {
    expect(linksVoterToChoice(fields)).toBe(false);
  });

  test.each(schemas)('%s has every field classified as person, choice or neutral', (_type, fields) => {
    expect(unclassifiedFields(fields)).toEqual([]);
  });

  test('a schema with a voter and a candidate together would be caught', () => {
    const leaky = z.object({ round: z.int(), voterId: z.string(), marks: z.array(z.object({ candidateId: z.string() })) });
    expect(linksVoterToChoice(fieldNames(z.toJSONSchema(leaky)))).toBe(true);
  });
});
