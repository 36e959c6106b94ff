import type { Envelope } from '@grid/contracts';

/** A well-formed envelope for the contracts' tests, with the fields a test is about changed. */
export const sampleEnvelope = (change: Partial<Envelope> = {}): Envelope => ({
  eventId: '6f1c4f5e-8a43-4b0f-9a55-0f3f1c7e2b11',
  type: 'sample.household.registered',
  schemaVersion: 1,
  streamId: 'household-1',
  streamRevision: 0,
  globalPosition: 1,
  occurredAt: '2020-11-01',
  recordedAt: '2020-11-02T08:00:00.000Z',
  actor: { id: 'worker-1', role: 'grid-worker' },
  correlationId: 'c',
  causationId: null,
  traceparent: null,
  prevHash: null,
  hash: 'a'.repeat(64),
  data: {},
  ...change,
});
