import type { Envelope } from '@grid/contracts';
import type { DocumentStore } from '../documents/document-store';
import type { EventStore } from '../store/event-store';
import type { Projection } from './projection';
import { ProjectionBatch } from './projection-batch';
import { deadLetterDrop, deadLettersOf, dropDeadLetter, type DeadLetter, failedAgain, notAsked, parkedStreams, recordDeadLetter, retriesAsked } from './dead-letters';

/** What the store-fed runner needs of the runner module (checkpoints live beside the models). */
export interface CheckpointIo {
  load(docs: DocumentStore, projection: string): Promise<number>;
  save(docs: DocumentStore, projection: string, position: number): Promise<void>;
}

export interface StoreProjectionsOptions {
  projections: Projection[];
  docs: DocumentStore;
  store: Pick<EventStore, 'subscribeToAll'>;
  checkpoints: CheckpointIo;
  /** Save the checkpoints after this many events (default 100); a lag only costs redeliveries, which `_seen` passes over. */
  checkpointEvery?: number;
  /** At most this many events are applied in memory and written together (default 250). */
  maxBatch?: number;
  /** A projection that throws on one event this many times in a row dead-letters it and goes on (default 3). */
  deadLetterAfter?: number;
  /** How often the runner looks for dead letters an operator asked to retry (ms, default 2000). */
  retryPollMs?: number;
}

/** The store-fed runner of one or more projections (ProjectionRunner in projection-runner.ts). */
export interface StoreProjectionsRunner {
  caughtUp(): Promise<void>;
  position(): number;
  waitFor(position: number): Promise<void>;
  /** Applies now the dead letters operators asked to retry (the runner also looks every `retryPollMs`). */
  retryDeadLetters(): Promise<void>;
  close(): Promise<void>;
}

interface Member {
  projection: Projection;
  /** Its own checkpoint: events at or before it are already in its documents. */
  from: number;
  batch: ProjectionBatch;
  /** Streams held back behind a dead letter (dead-letters.ts). */
  parked: Set<string>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs projections from ONE subscription to the store, in batches: the events delivered in one turn of the
 * loop (a page of the log, or the commands of one group commit) are applied in memory, each projection in its
 * own ProjectionBatch, and every document any of them changed is written side by side: the SQLite document
 * store commits them in one transaction, with the checkpoints in the next. The next batch is applied only once
 * this one is written, so it reads what this one wrote. One reader and one commit per turn for all the models,
 * where one runner per projection would read and decode every event once per projection and commit apart.
 *
 * A projection whose apply queries the documents itself (`queriesDocuments`) cannot see a batch's unwritten
 * documents: a group holding one writes after every event.
 *
 * A projection that keeps throwing on an event does not hold up the others or the writes waiting for the read
 * models: after `deadLetterAfter` attempts the event goes to the dead letters (dead-letters.ts), its stream's later
 * events are parked behind it for that projection, and the runner moves on; an operator's retry is applied here.
 */
export async function runStoreProjections(options: StoreProjectionsOptions): Promise<StoreProjectionsRunner> {
  const { projections, docs, store, checkpoints } = options;
  const checkpointEvery = options.checkpointEvery ?? 100;
  const maxBatch = projections.some((p) => p.queriesDocuments) ? 1 : (options.maxBatch ?? 250);
  const { deadLetterAfter = 3, retryPollMs = 2000 } = options;
  const parked = await parkedStreams(docs, projections.map((p) => p.name));
  const members: Member[] = [];
  for (const projection of projections) {
    members.push({ projection, from: await checkpoints.load(docs, projection.name), batch: new ProjectionBatch(projection, docs), parked: parked.get(projection.name)! });
  }
  const start = Math.min(...members.map((m) => m.from));
  let written = start;
  let saved = start;
  let sinceSave = 0;
  let closed = false;
  let pending = 0; // events in the open batches
  let upTo = start; // the last of them
  let writing: Promise<void> = Promise.resolve();
  let scheduled = false;
  const waiters: { target: number; resolve: () => void }[] = [];

  // Saves run one after another, so an older save never lands after a newer one.
  let saving = Promise.resolve();
  const save = () => {
    const next = saving.then(async () => {
      const position = written;
      if (position === saved) return;
      // A projection kept by position wrote its checkpoint with its documents (a later save could only lag it).
      await Promise.all(members.filter((m) => position > m.from && !m.projection.byPosition).map((m) => checkpoints.save(docs, m.projection.name, position)));
      saved = position;
    });
    saving = next.catch(() => undefined);
    return next;
  };

  const report = (projection: Projection, batch: ProjectionBatch, attempt: number, error: unknown) => {
    if (attempt === 1 || attempt % 20 === 0) process.stderr.write(`[projection ${projection.name}] writing ${batch.size} events up to ${batch.lastPosition} failed (attempt ${attempt}): ${String(error)}\n`);
  };

  /** Writes one batch per member; a member whose compare-and-set lost or whose write failed applies its events again on fresh reads. */
  const write = async (batches: ProjectionBatch[], position: number, events: number): Promise<void> => {
    let left = batches.map((batch, i) => ({ batch, member: members[i]! })).filter((x) => x.batch.size > 0);
    for (let attempt = 1; left.length > 0; attempt += 1) {
      const outcomes = await Promise.all(left.map((x) => x.batch.write(position).catch((error: unknown) => (report(x.member.projection, x.batch, attempt, error), 'failed' as const))));
      const retry = left.filter((_, i) => outcomes[i] !== true);
      if (retry.length === 0) break;
      if (outcomes.includes('failed')) await sleep(Math.min(5000, 50 * 2 ** Math.min(attempt - 1, 16)));
      if (closed && attempt > 1) return; // left unwritten: no checkpoint moved, the next start applies them
      left = [];
      for (const { batch, member } of retry) {
        const again = new ProjectionBatch(member.projection, docs);
        // By position: what another writer applied meanwhile is behind the checkpoint it moved, not applied again.
        const from = member.projection.byPosition ? await checkpoints.load(docs, member.projection.name) : -1;
        for (const event of batch.events) if (event.globalPosition > from) await again.apply(event);
        left.push({ batch: again, member });
      }
    }
    written = position;
    sinceSave += events;
    for (let i = waiters.length - 1; i >= 0; i -= 1) if (waiters[i]!.target <= written) waiters.splice(i, 1)[0]!.resolve();
    if (sinceSave >= checkpointEvery) {
      sinceSave = 0;
      await save().catch(() => undefined); // a lagging checkpoint only costs redeliveries
    }
  };
  // Applying an event and cutting a batch take turns: an apply can wait on a read (MongoDB is real I/O), and a
  // batch cut meanwhile would be written without the rest of that event's changes, yet counted as holding it.
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T> | T): Promise<T> => {
    const next = turn.then(work);
    turn = next.catch(() => undefined);
    return next;
  };
  const cut = () => {
    scheduled = false;
    if (pending === 0) return;
    const batches = members.map((m) => m.batch);
    for (const m of members) m.batch = new ProjectionBatch(m.projection, docs);
    const [position, events] = [upTo, pending];
    pending = 0;
    writing = writing.then(() => write(batches, position, events));
  };
  const flush = async (): Promise<void> => {
    await inTurn(cut);
    await writing;
  };

  /** One event to one member: parked behind its stream's dead letter, applied, or after the last attempt dead-lettered. */
  const applyTo = async (m: Member, event: Envelope) => {
    const name = m.projection.name;
    let letters: DeadLetter[] = [];
    if (m.parked.has(event.streamId) && m.projection.handles.includes(event.type)) {
      letters = await deadLettersOf(docs, name, event.streamId);
      if (letters.some((l) => l.globalPosition < event.globalPosition)) {
        return recordDeadLetter(docs, name, event, 'parked behind an earlier dead letter of its stream', 0, new Date().toISOString());
      }
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        await m.batch.apply(event);
        // A restart delivers a dead letter again (the checkpoint had not passed it): applied now, it is done with.
        const own = letters.find((l) => l.globalPosition === event.globalPosition);
        if (own) await dropDeadLetter(docs, own);
        if (letters.length === (own ? 1 : 0)) m.parked.delete(event.streamId);
        return;
      } catch (error) {
        process.stderr.write(`[projection ${name}] applying ${event.type} at ${event.globalPosition} failed (attempt ${attempt}): ${String(error)}\n`);
        if (attempt >= deadLetterAfter) {
          await recordDeadLetter(docs, name, event, error, attempt, new Date().toISOString());
          m.parked.add(event.streamId);
          return;
        }
        await sleep(100 * 2 ** (attempt - 1));
      }
    }
  };

  /** The retries operators asked for, each stream from its first dead letter, in log order; stops at one that fails again. */
  const retryAsked = () =>
    inTurn(async () => {
      cut(); // nothing left open that the retried events could race with
      await writing;
      for (const { projection, streamId } of await retriesAsked(docs, members.map((m) => m.projection.name))) {
        const m = members.find((x) => x.projection.name === projection)!;
        const letters = await deadLettersOf(docs, projection, streamId);
        for (const [i, letter] of letters.entries()) {
          let batch = new ProjectionBatch(m.projection, docs);
          try {
            await batch.apply(letter.event);
          } catch (error) {
            await failedAgain(docs, letter, error, new Date().toISOString());
            for (const behind of letters.slice(i + 1)) await notAsked(docs, behind);
            break;
          }
          // Kept by position, its checkpoint is past the letter: only the letter's drop, in the same transaction as
          // its documents, keeps a restart from applying it twice. Kept by `_seen`, a second apply is passed over.
          const byPosition = m.projection.byPosition === true;
          while (!(await batch.write(undefined, byPosition ? [deadLetterDrop(letter)] : []))) {
            batch = new ProjectionBatch(m.projection, docs);
            await batch.apply(letter.event);
          }
          if (!byPosition) await dropDeadLetter(docs, letter);
        }
        if ((await deadLettersOf(docs, projection, streamId)).length === 0) m.parked.delete(streamId);
      }
    });
  const apply = async (event: Envelope) => {
    const full = await inTurn(async () => {
      await writing; // the batch before this one is written, so this one reads what it wrote
      for (const m of members) if (event.globalPosition > m.from) await applyTo(m, event);
      pending += 1;
      upTo = event.globalPosition;
      if (pending >= maxBatch) {
        cut();
        return true;
      }
      if (!scheduled) {
        // The rest of this turn's events join the batch; it is cut at the next turn of the loop.
        scheduled = true;
        setImmediate(() => void inTurn(cut));
      }
      return false;
    });
    if (full) await writing;
  };
  const subscription = await store.subscribeToAll(apply, { fromPosition: start });

  let retrying = false;
  const retryTimer = setInterval(() => {
    if (retrying || closed) return;
    retrying = true;
    retryAsked()
      .catch((error: unknown) => process.stderr.write(`[projections] retrying dead letters failed: ${String(error)}\n`))
      .finally(() => (retrying = false));
  }, retryPollMs);
  retryTimer.unref();

  return {
    async caughtUp() {
      await subscription.caughtUp();
      await flush();
      await save();
    },
    position: () => written,
    waitFor(position: number) {
      if (position <= written || closed) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push({ target: position, resolve }));
    },
    retryDeadLetters: retryAsked,
    async close() {
      clearInterval(retryTimer);
      await subscription.close();
      await flush();
      closed = true;
      await save();
      for (const w of waiters.splice(0)) w.resolve();
    },
  };
}
