import { randomUUID } from 'node:crypto';
import { probeRecorded, type Envelope, type NewEvent } from '@grid/contracts';
import * as kurrent from '@kurrent/kurrentdb-client';
import type { RecordedEvent } from '@kurrent/kurrentdb-client';
import { checkLink, CorruptEventError, hashOf, sealChecked } from '@grid/platform';
import {
  actualRevisionOf,
  appendedPosition,
  checkpointStreamOf,
  comparePositions,
  conflictOf,
  DEFAULT_CHECKPOINT_STREAM,
  fromRecorded,
  globalPositionOf,
  hasEnvelopeMetadata,
  isAccessDenied,
  isStreamNotFound,
  NO_STREAM,
  OUR_STREAMS_FILTER,
  parseCheckpoint,
  readPositionFrom,
  streamStateFor,
  subscriptionFilter,
  toEventData,
  type SealedEnvelope,
} from '../../src/store/kurrentdb/mapping';

// Pure mapping of the KurrentDB adapter, checked without a server. Kurrent's side of each mapping is
// simulated the way the client hands records back: data and metadata parsed from the stored JSON bytes,
// the event id lower-cased (the server keeps it as a UUID), revision and positions as bigint.

const actor = { id: 'worker-17', role: 'grid-worker' } as const;
const full: NewEvent = {
  eventId: randomUUID(),
  type: probeRecorded.type,
  data: { n: 7, note: '低保 复核', nested: { list: [1, 'two', null], zero: 0, ok: true } },
  occurredAt: '2026-03-01',
  actor,
  reason: 'annual review',
  correlationId: 'request-42',
  causationId: 'event-41',
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
};
const seal = (events: NewEvent[], head: { revision: number; hash: string } | null = null): SealedEnvelope[] =>
  sealChecked('test-mapping', head, events).map((s) => s.envelope);

/** What the client returns for an event written with `toEventData`, at a given revision and position. */
function asKurrentReturnsIt(envelope: SealedEnvelope, position: bigint): RecordedEvent {
  const written = toEventData(envelope);
  return {
    streamId: envelope.streamId,
    id: written.id.toLowerCase(),
    isJson: true,
    revision: BigInt(envelope.streamRevision),
    type: written.type,
    created: new Date(),
    data: JSON.parse(JSON.stringify(written.data)),
    metadata: JSON.parse(JSON.stringify(written.metadata)),
    position: { commit: position, prepare: position },
  } as RecordedEvent;
}

describe('envelope ↔ Kurrent event', () => {
  test('round trip keeps every field and the hash, for a full and a minimal event', () => {
    const [first, second] = seal([full, { type: probeRecorded.type, data: { n: 1 }, actor }]);
    for (const [envelope, position] of [
      [first!, 1_234n],
      [second!, 9_876_543n],
    ] as const) {
      const back = fromRecorded(asKurrentReturnsIt(envelope, position));
      expect(back).toEqual({ ...envelope, globalPosition: Number(position) });
      expect(hashOf(back!)).toBe(envelope.hash);
    }
    const a = fromRecorded(asKurrentReturnsIt(first!, 10n))!;
    const b = fromRecorded(asKurrentReturnsIt(second!, 20n))!;
    expect(checkLink(a, undefined)).toBeNull();
    expect(checkLink(b, a)).toBeNull();
  });

  test('metadata holds the envelope less data and what Kurrent records itself; correlation under Kurrent’s keys', () => {
    const [envelope] = seal([full]);
    const written = toEventData(envelope!);
    expect(written).toMatchObject({ id: envelope!.eventId, type: envelope!.type, contentType: 'application/json', data: envelope!.data });
    expect(Object.keys(written.metadata).sort()).toEqual(
      [
        '$causationId',
        '$correlationId',
        'actor',
        'hash',
        'occurredAt',
        'prevHash',
        'reason',
        'recordedAt',
        'schemaVersion',
        'traceparent',
      ].sort(),
    );
    expect(written.metadata).toMatchObject({ $correlationId: 'request-42', $causationId: 'event-41' });
    // Absent stays absent and null stays null: both are hashed as they are.
    const [minimal] = seal([{ type: probeRecorded.type, data: {}, actor }]);
    const meta = toEventData(minimal!).metadata;
    expect('reason' in meta).toBe(false);
    expect(meta).toMatchObject({ $causationId: null, traceparent: null, prevHash: null });
  });

  test('an upper-case event id survives Kurrent lower-casing it (kept in metadata only then)', () => {
    const id = randomUUID().toUpperCase();
    const [envelope] = seal([{ ...full, eventId: id }]);
    expect(toEventData(envelope!).metadata.eventId).toBe(id);
    const back = fromRecorded(asKurrentReturnsIt(envelope!, 5n))!;
    expect(back.eventId).toBe(id);
    expect(hashOf(back)).toBe(envelope!.hash);
  });

  test('events without our metadata are not ours; ours that cannot be read are corrupt, not guessed', () => {
    const [envelope] = seal([full]);
    const ours = asKurrentReturnsIt(envelope!, 77n);
    expect(fromRecorded({ ...ours, metadata: undefined } as RecordedEvent)).toBeNull();
    expect(fromRecorded({ ...ours, metadata: new Uint8Array([1, 2]) } as RecordedEvent)).toBeNull();
    expect(fromRecorded({ ...ours, metadata: { $correlationId: 'x' } } as RecordedEvent)).toBeNull();
    expect(hasEnvelopeMetadata(ours)).toBe(true);
    const binary = { ...ours, isJson: false, data: new Uint8Array([1]) } as RecordedEvent;
    expect(() => fromRecorded(binary)).toThrow(CorruptEventError);
    try {
      fromRecorded(binary);
    } catch (error) {
      expect((error as CorruptEventError).fault).toMatchObject({ eventId: envelope!.eventId, globalPosition: 77, problem: 'unreadable' });
    }
    const moved = { ...ours, metadata: { ...(ours.metadata as object), eventId: randomUUID() } } as RecordedEvent;
    expect(() => fromRecorded(moved)).toThrow(expect.objectContaining({ fault: expect.objectContaining({ problem: 'misplaced' }) }));
  });
});

describe('revisions and stream states', () => {
  test('the append state is the concrete head read, never ANY', () => {
    expect(streamStateFor('no-stream')).toBe(kurrent.NO_STREAM);
    expect(streamStateFor(0)).toBe(0n);
    expect(streamStateFor(41)).toBe(41n);
    expect(NO_STREAM).toBe(kurrent.NO_STREAM);
  });

  test('Kurrent’s current state maps to our actual revision', () => {
    expect(actualRevisionOf(3n)).toBe(3);
    expect(actualRevisionOf(kurrent.NO_STREAM)).toBe('no-stream');
    expect(actualRevisionOf(-1n)).toBe('no-stream');
  });
});

describe('errors (the client’s own error classes)', () => {
  test('WrongExpectedVersionError becomes the actual revision for ConcurrencyError', () => {
    const existing = new kurrent.WrongExpectedVersionError(undefined, { streamName: 's', expected: 1n, current: 3n });
    const missing = new kurrent.WrongExpectedVersionError(undefined, { streamName: 's', expected: 1n, current: kurrent.NO_STREAM });
    expect(conflictOf(existing)).toEqual({ actual: 3 });
    expect(conflictOf(missing)).toEqual({ actual: 'no-stream' });
    expect(conflictOf(new kurrent.StreamNotFoundError(undefined, 's'))).toBeNull();
    expect(conflictOf(new Error('boom'))).toBeNull();
    expect(conflictOf(undefined)).toBeNull();
  });

  test('stream-not-found and access-denied are recognised by type', () => {
    expect(isStreamNotFound(new kurrent.StreamNotFoundError(undefined, 's'))).toBe(true);
    expect(isStreamNotFound(new kurrent.WrongExpectedVersionError(undefined, { streamName: 's', expected: 1n, current: 2n }))).toBe(false);
    expect(isAccessDenied(new kurrent.AccessDeniedError(undefined as never))).toBe(true);
    expect(isAccessDenied(new Error('x'))).toBe(false);
  });
});

describe('positions', () => {
  const at = (commit: bigint, prepare = commit) => ({ streamId: 's-1', revision: 0n, position: { commit, prepare } });

  test('globalPosition is the commit position; missing or unsafe positions fail loudly', () => {
    expect(globalPositionOf(at(123_456n))).toBe(123_456);
    expect(() => globalPositionOf({ streamId: 's-1', revision: 0n })).toThrow(/22\.6/);
    expect(() => globalPositionOf(at(BigInt(Number.MAX_SAFE_INTEGER) + 1n))).toThrow(/safe integer/);
  });

  test('a read after a position starts at it (Kurrent includes it; the adapter skips it)', () => {
    expect(readPositionFrom(0)).toBe('start');
    expect(readPositionFrom(4_096)).toEqual({ commit: 4_096n, prepare: 4_096n });
    expect(() => readPositionFrom(-1)).toThrow();
    expect(() => readPositionFrom(1.5)).toThrow();
  });

  test('positions order by commit, then prepare', () => {
    expect(comparePositions({ commit: 1n, prepare: 1n }, { commit: 2n, prepare: 0n })).toBe(-1);
    expect(comparePositions({ commit: 2n, prepare: 3n }, { commit: 2n, prepare: 1n })).toBe(1);
    expect(comparePositions({ commit: 5n, prepare: 5n }, { commit: 5n, prepare: 5n })).toBe(0);
  });
});

describe('streams the adapter reads and keeps', () => {
  test('the $all filter has the client’s shape and keeps only stream ids like ours', () => {
    expect(OUR_STREAMS_FILTER).toEqual(kurrent.streamNameFilter({ regex: OUR_STREAMS_FILTER.regex }));
    const keep = new RegExp(OUR_STREAMS_FILTER.regex);
    for (const ours of ['household-42', 'test-0af76519-16cd', 'grid-a.b:c_d', 'probe1f-1']) expect(keep.test(ours)).toBe(true);
    const others = [
      '$ce-household',
      '$$household-42',
      '$grid-checkpoint-relay',
      '$all',
      'Household-1',
      'nodash',
    ];
    for (const other of others) expect(keep.test(other)).toBe(false);
  });

  test('bookkeeping streams can never collide with a domain stream (the domain owns `grid-*`)', () => {
    expect(checkpointStreamOf(DEFAULT_CHECKPOINT_STREAM, 'relay')).toBe('$grid-checkpoint-relay');
  });

  test('checkpoints parse only what the adapter wrote', () => {
    expect(parseCheckpoint({ position: 42 })).toBe(42);
    expect(parseCheckpoint({ position: '42' })).toBeUndefined();
  });
});

describe('subscriptions and append answers', () => {
  test('a category subscription asks the server for its categories’ streams only, in the client’s filter shape', () => {
    const filter = subscriptionFilter(['household', 'person']);
    expect(filter).toEqual(kurrent.streamNameFilter({ prefixes: ['household-', 'person-'] }));
    expect(subscriptionFilter()).toBe(OUR_STREAMS_FILTER);
    // No category: nothing passes (a stream id is never empty).
    const none = subscriptionFilter([]);
    expect('regex' in none && ['household-1', 'person-1', ''].filter((id) => new RegExp(none.regex).test(id))).toEqual(['']);
  });

  test('an append answers with the commit position of its last event', () => {
    expect(appendedPosition({ position: { commit: 5120n, prepare: 4096n } }, 'household-1')).toBe(5120);
    expect(() => appendedPosition({ position: undefined }, 'household-1')).toThrow(/household-1.*position/);
  });
});

test('the envelope type stays the contract’s (compile-time check of the rebuilt shape)', () => {
  const [envelope] = seal([full]);
  const back: Envelope | null = fromRecorded(asKurrentReturnsIt(envelope!, 1n));
  expect(back).not.toBeNull();
});
