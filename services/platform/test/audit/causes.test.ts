import type { Envelope, NewEvent } from '@grid/contracts';
import { causesInStore, effectsInStore, MemoryEventStore, type EventStore } from '@grid/platform';

const actor = { id: 'system', role: 'system' };
const event = (type: string, causationId?: string): NewEvent => ({ type, data: {}, actor, ...(causationId ? { causationId } : {}) });

/** The store as the audit sees it: every look-up counted, the whole log never read. */
function lookupsOnly(inner: EventStore): { store: EventStore; lookups: () => number } {
  let lookups = 0;
  const store: EventStore = {
    append: (s, e, o) => inner.append(s, e, o),
    readStream: (s, o) => inner.readStream(s, o),
    readAll: () => {
      throw new Error('the audit read the whole log');
    },
    readEvents: (ids, o) => (lookups++, inner.readEvents(ids, o)),
    readCausedBy: (ids, o) => (lookups++, inner.readCausedBy(ids, o)),
    headPosition: () => inner.headPosition(),
    subscribeToAll: (h, o) => inner.subscribeToAll(h, o),
    close: () => inner.close(),
  };
  return { store, lookups: () => lookups };
}

// A death on a household; a status ended by it; an enrolment ended by that end, then flagged; an unrelated reaction elsewhere.
async function district() {
  const memory = new MemoryEventStore();
  const one = async (stream: string, e: NewEvent) => (await memory.append(stream, [e], { expectedRevision: 'any' })).events[0]!.eventId;
  const died = await one('household-h1', event('grid-records.resident.died'));
  const other = await one('household-h2', event('grid-records.household.registered'));
  const ended = await one('assistance-c1', event('grid-records.assistance.ended', died));
  const enrolmentEnded = await one('project-x', event('help-projects.project.enrolment-ended', ended));
  await one('project-y', event('help-projects.project.enrolment-ended', other));
  await one('project-x', event('help-projects.project.service-flagged', enrolmentEnded));
  const read = async (stream: string) => memory.readStream(stream);
  return { memory, household: await read('household-h1'), status: await read('assistance-c1'), project: await read('project-x') };
}

const types = (events: Iterable<Envelope>) => [...events].map((e) => e.type);

test('causes are followed back through other streams by look-ups by id, one a step, never a read of the log', async () => {
  const { memory, project } = await district();
  const { store, lookups } = lookupsOnly(memory);
  const causes = await causesInStore(store, project.slice(1));
  expect(types(causes.values()).sort()).toEqual(
    ['grid-records.assistance.ended', 'grid-records.resident.died', 'help-projects.project.enrolment-ended', 'help-projects.project.service-flagged'].sort(),
  );
  expect(lookups()).toBe(3);
});

test('effects, and the effects of effects, in any stream, come in log order without the events asked about, never a read of the log', async () => {
  const { memory, household, status } = await district();
  const { store, lookups } = lookupsOnly(memory);
  expect(types(await effectsInStore(store, household))).toEqual([
    'grid-records.assistance.ended',
    'help-projects.project.enrolment-ended',
    'help-projects.project.service-flagged',
  ]);
  expect(types(await effectsInStore(store, [...household, ...status]))).toEqual(['help-projects.project.enrolment-ended', 'help-projects.project.service-flagged']);
  expect(await effectsInStore(store, [])).toEqual([]);
  expect(lookups()).toBe(4 + 3);
});
