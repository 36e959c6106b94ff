import type { Envelope } from '@grid/contracts';
import type { AtomicWrite, Doc, DocumentStore, Filter } from '../documents/document-store';

/**
 * Events a projection could not apply, beside its documents and checkpoints. A stream with a dead letter is held
 * back for that projection (its later events are parked behind it), so a retry applies them in stream order and
 * `_seen` never passes over the one that failed.
 */
export const PROJECTION_DEAD_LETTERS = 'projection_dead_letters';

export type DeadLetter = Doc & {
  projection: string;
  streamId: string;
  globalPosition: number;
  eventId: string;
  type: string;
  /** The projection's error; `parked` when the event waits behind an earlier dead letter of its stream. */
  error: string;
  attempts: number;
  failedAt: string;
  /** Asked for by an operator (gridctl dead-letters retry, or the admin route); the live runner picks it up. */
  retry: boolean;
  /** The envelope as delivered (sealed personal data only, as every read model holds it). */
  event: Envelope;
};

/** What an operator sees of a dead letter: no event data. */
export type DeadLetterSummary = Omit<DeadLetter, 'event' | '_id'>;

const letterId = (projection: string, globalPosition: number) => `${projection}@${globalPosition}`;
// Error texts stay short: a stack or a huge message is not what an operator lists.
const ERROR_CHARS = 300;

const collectionOf = (docs: DocumentStore) => docs.collection<DeadLetter>(PROJECTION_DEAD_LETTERS);

export function ensureDeadLetterIndexes(docs: DocumentStore): Promise<void> {
  return collectionOf(docs).ensureIndex({ fields: ['projection', 'streamId'] });
}

export async function recordDeadLetter(docs: DocumentStore, projection: string, event: Envelope, error: unknown, attempts: number, failedAt: string): Promise<void> {
  await collectionOf(docs).put({
    _id: letterId(projection, event.globalPosition),
    projection,
    streamId: event.streamId,
    globalPosition: event.globalPosition,
    eventId: event.eventId,
    type: event.type,
    error: (error instanceof Error ? error.message : String(error)).slice(0, ERROR_CHARS),
    attempts,
    failedAt,
    retry: false,
    event,
  });
}

/** A projection's dead letters of one stream, in log order. */
export function deadLettersOf(docs: DocumentStore, projection: string, streamId: string): Promise<DeadLetter[]> {
  return collectionOf(docs).find({ projection, streamId }, { sort: { field: 'globalPosition', direction: 1 } });
}

/** The streams held back for these projections, by projection. */
export async function parkedStreams(docs: DocumentStore, projections: readonly string[]): Promise<Map<string, Set<string>>> {
  const letters = await collectionOf(docs).find({ projection: { $in: [...projections] } });
  const parked = new Map(projections.map((p) => [p, new Set<string>()]));
  for (const l of letters) parked.get(l.projection)?.add(l.streamId);
  return parked;
}

/** Streams with a retry asked for, by projection (each retried from its first dead letter). */
export async function retriesAsked(docs: DocumentStore, projections: readonly string[]): Promise<{ projection: string; streamId: string }[]> {
  const asked = await collectionOf(docs).find({ projection: { $in: [...projections] }, retry: true });
  const seen = new Set<string>();
  return asked.flatMap((l) => (seen.has(`${l.projection}\n${l.streamId}`) ? [] : (seen.add(`${l.projection}\n${l.streamId}`), [{ projection: l.projection, streamId: l.streamId }])));
}

export const dropDeadLetter = (docs: DocumentStore, letter: DeadLetter): Promise<boolean> => collectionOf(docs).delete(letter._id);

/** The same drop as one write of DocumentStore.writeAtomically (with the documents the letter's retry changed). */
export const deadLetterDrop = (letter: DeadLetter): AtomicWrite => ({ collection: PROJECTION_DEAD_LETTERS, doc: { _id: letter._id }, delete: true });

/** The letter after a failed retry: its new error and attempts, no longer asked for. */
export const failedAgain = (docs: DocumentStore, letter: DeadLetter, error: unknown, failedAt: string): Promise<void> =>
  collectionOf(docs).put({
    ...letter,
    error: (error instanceof Error ? error.message : String(error)).slice(0, ERROR_CHARS),
    attempts: letter.attempts + 1,
    failedAt,
    retry: false,
    _version: (letter._version ?? 0) + 1, // an operator's retry asked meanwhile (askRetry) sees it changed
  });

/** The letters parked behind one that failed again wait for the next retry asked. */
export const notAsked = (docs: DocumentStore, letter: DeadLetter): Promise<void> =>
  collectionOf(docs).put({ ...letter, retry: false, _version: (letter._version ?? 0) + 1 });

export interface DeadLetterFilter {
  projection?: string;
  streamId?: string;
}

const filterOf = (f: DeadLetterFilter): Filter => ({ ...(f.projection ? { projection: f.projection } : {}), ...(f.streamId ? { streamId: f.streamId } : {}) });

/** For operators: the dead letters (without event data), in log order. */
export async function listDeadLetters(docs: DocumentStore, filter: DeadLetterFilter = {}): Promise<DeadLetterSummary[]> {
  const letters = await collectionOf(docs).find(filterOf(filter), { sort: { field: 'globalPosition', direction: 1 } });
  return letters.map(({ _id, _version, event: _event, ...summary }) => summary as DeadLetterSummary);
}

/** For operators: asks the live runners to apply these dead letters again (each stream from its first); how many. */
export async function askRetry(docs: DocumentStore, filter: DeadLetterFilter = {}): Promise<number> {
  const letters = await collectionOf(docs).find({ ...filterOf(filter), retry: false });
  let asked = 0;
  // A letter the runner applied or failed again meanwhile is not brought back.
  for (const letter of letters) if (await collectionOf(docs).putIfVersion({ ...letter, retry: true }, letter._version ?? 0)) asked += 1;
  return asked;
}

/** A rebuild replays everything: the projection's dead letters go with its documents. */
export async function dropDeadLettersOf(docs: DocumentStore, projection: string): Promise<void> {
  for (const letter of await collectionOf(docs).find({ projection })) await collectionOf(docs).delete(letter._id);
}
