import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { z } from 'zod';
import { EventRegistry, asyncApiDocument, defineEvent, eventRegistry, renderSchema } from '@grid/contracts';
import { ASYNCAPI_FILE, GENERATED_DIR } from '../src/generate-json-schema';

const messagesOn = (doc: ReturnType<typeof asyncApiDocument>, topic: string): string[] => Object.keys(doc.channels[topic]?.messages ?? {});

describe('generated AsyncAPI', () => {
  const doc = asyncApiDocument(eventRegistry);

  test('the checked-in asyncapi.json is up to date (run `npm run generate`)', () => {
    expect(readFileSync(join(GENERATED_DIR, ASYNCAPI_FILE), 'utf8')).toBe(renderSchema(doc));
  });

  test('is a valid AsyncAPI 3.0 document for the official parser, offline', async () => {
    const { document, diagnostics } = await new Parser().parse(doc);
    const problems = diagnostics.filter((d) => d.severity <= DiagnosticSeverity.Warning).map((d) => `${d.code} at ${d.path.join('/')}: ${d.message}`);
    expect(problems).toEqual([]);
    expect(document?.operations().all().map((o) => o.action())).toEqual(Object.keys(doc.channels).map(() => 'send'));
  }, 60_000);

  test('each topic carries the events appended to its streams, a resident’s and a visit’s with the household’s', () => {
    expect(messagesOn(doc, 'grid-records.household.v1')).toEqual(
      expect.arrayContaining(['grid-records.household.registered.v1', 'grid-records.resident.died.v1', 'grid-records.visit.recorded.v1']),
    );
    expect(messagesOn(doc, 'grid-records.person.v1')).toEqual(['grid-records.official-relative.registered.v1', 'grid-records.official-relative.withdrawn.v1']);
    expect(messagesOn(doc, 'grid-records.region.v1')).not.toContain('grid-records.grid.worker-assigned.v1');
  });

  test('events a service keeps to itself and the platform’s probe topics are not published', () => {
    const all = Object.values(doc.channels).flatMap((c) => Object.keys(c.messages));
    expect(all.filter((m) => m.startsWith('grid-records.identity.') || m.startsWith('platform.'))).toEqual([]);
    expect(Object.keys(doc.channels).filter((t) => t.startsWith('platform.'))).toEqual([]);
  });

  test('older versions of an event stay described beside the newest: the bus carries what was written', () => {
    const noted = (schemaVersion: number, data: z.ZodObject) =>
      defineEvent({ type: 'grid-records.household.noted', schemaVersion, description: `v${schemaVersion}`, data, upcastFrom: (d) => ({ ...d, kind: 'other' }) });
    const registry = new EventRegistry().register(noted(1, z.object({ note: z.string() })), noted(2, z.object({ note: z.string(), kind: z.string() })));
    const twoVersions = asyncApiDocument(registry);
    expect(messagesOn(twoVersions, 'grid-records.household.v1')).toEqual(['grid-records.household.noted.v1', 'grid-records.household.noted.v2']);
    const v1 = (twoVersions.components as { messages: Record<string, { payload: { allOf: { properties?: Record<string, unknown> }[] } }> }).messages['grid-records.household.noted.v1']!;
    expect(v1.payload.allOf[1]!.properties!.schemaVersion).toEqual({ const: 1 });
  });

  test('an event whose streams nobody declared stops the generation, saying where to declare them', () => {
    const registry = new EventRegistry().register(defineEvent({ type: 'elections.ballot.cast', schemaVersion: 1, description: 'cast', data: z.object({}) }));
    expect(() => asyncApiDocument(registry)).toThrow(/elections\.ballot\.cast: declare .* contracts\/src\/event-streams\.ts/);
  });
});
