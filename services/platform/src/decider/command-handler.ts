import { hashedUuid, uuidv7 } from '../store/event-id';
import { eventRegistry, type NewEvent } from '@grid/contracts';
import { ConcurrencyError, type AppendedEvent, type EventStore, type ExpectedRevision } from '../store/event-store';
import { fold } from './decider';
import type { CommandContext, CommandHandlerOptions, Decision, DomainEvent, HandleOptions, HandleResult } from './command-types';
import { traceAppend, traceCommand } from '../telemetry/command-telemetry'; // telemetry hooks

export type { CommandContext, CommandHandlerOptions, Decision, DomainEvent, HandleOptions, HandleResult } from './command-types';

/**
 * The one way a command reaches the store: read stream → fold → decide → append with the expected revision; on a
 * conflict the stream is re-read and the command decided again (another writer won the race), after a jittered wait
 * that doubles each time (racing writers spread out instead of colliding again), at most `maxAttempts` times. A call
 * passes a command for the decider, or a Decision of its own.
 */
export class CommandHandler<Command, Event extends DomainEvent, State> {
  private readonly store: EventStore;
  private readonly decider: CommandHandlerOptions<Command, Event, State>['decider'];
  private readonly toEvent: (e: AppendedEvent) => Event;
  private readonly maxAttempts: number;
  private readonly idsBy: 'index' | 'revision';
  private readonly states: FoldedStates<State>;

  constructor(options: CommandHandlerOptions<Command, Event, State>) {
    this.store = options.store;
    this.decider = options.decider;
    this.toEvent = options.toEvent ?? ((e) => ({ type: e.type, data: e.data, occurredAt: e.occurredAt }) as Event);
    this.maxAttempts = options.maxAttempts ?? 10;
    this.idsBy = options.idsBy ?? 'index';
    this.states = new FoldedStates(options.cachedStreams ?? DEFAULT_CACHED_STREAMS);
  }

  /**
   * The stream's state: folded from a cached state and only the events after it (events are immutable and a
   * stream only grows, so a state folded up to revision r stays true of r), or from the whole stream.
   */
  async load(streamId: string): Promise<{ state: State; revision: number }> {
    const cached = this.states.get(streamId);
    const events = await this.store.readStream(streamId, cached ? { fromRevision: cached.revision + 1 } : {});
    const base = cached ?? { state: this.decider.initialState, revision: -1 };
    if (events.length === 0) return base;
    const loaded = { state: fold(this.decider, events.map(this.toEvent), base.state), revision: base.revision + events.length };
    this.states.set(streamId, loaded);
    return loaded;
  }

  async handle(streamId: string, command: Command | Decision<State, Event>, ctx: CommandContext, options: HandleOptions = {}): Promise<HandleResult<State>> {
    const decide: Decision<State, Event> = typeof command === 'function' ? (command as Decision<State, Event>) : (state) => this.decide(command as Command, state);
    // telemetry: a span `command <type>` and the grid.commands counter; the envelopes carry this span's traceparent
    const type = typeof command === 'function' ? { type: options.type } : command;
    return traceCommand(streamId, type, ctx, (traced) => this.decideAndAppend(streamId, decide, traced, options));
  }

  private decide(command: Command, state: State): Event[] {
    if (!('decide' in this.decider)) throw new TypeError('this handler has no decider: pass a Decision');
    return this.decider.decide(command, state);
  }

  private async decideAndAppend(streamId: string, decide: Decision<State, Event>, ctx: CommandContext, options: HandleOptions): Promise<HandleResult<State>> {
    for (let attempt = 1; ; attempt += 1) {
      const { state, revision } = await this.load(streamId);
      if (ctx.expectedRevision !== undefined) {
        const actual = revision < 0 ? 'no-stream' : revision;
        if (actual !== ctx.expectedRevision) throw new ConcurrencyError(streamId, ctx.expectedRevision, actual);
      }
      const decided = await decide(state, revision);
      if (decided.length === 0) return { state, revision, appended: [] };
      const expectedRevision: ExpectedRevision = revision < 0 ? 'no-stream' : revision;
      try {
        const events = decided.map((e, i) => this.toNew(e, ctx, streamId, this.idsBy === 'index' ? i : revision + 1 + i));
        // telemetry: a span `append <category>` timed into grid.event_store.append.duration
        const append = { expectedRevision, ...(options.answerAt ? { answerAt: options.answerAt } : {}) };
        const result = await traceAppend(streamId, events.length, () => this.store.append(streamId, events, append));
        // The stored events, as a later load reads them (with what the store adds, e.g. recordedAt).
        const after = fold(this.decider, result.events.map(this.toEvent), state);
        // A replayed append (same event ids) reports where those events are, maybe behind this state: then not cached.
        if (result.nextRevision === revision + decided.length) this.states.set(streamId, { state: after, revision: result.nextRevision });
        return { ...result, state: after, revision: result.nextRevision, appended: result.events };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || ctx.expectedRevision !== undefined || attempt >= this.maxAttempts) throw error;
        await backOff(attempt);
      }
    }
  }

  private toNew(e: Event, ctx: CommandContext, streamId: string, idIndex: number): NewEvent {
    const occurredAt = e.occurredAt ?? ctx.occurredAt;
    return {
      eventId: ctx.idSeed === undefined ? uuidv7() : hashedUuid(ctx.idSeed, streamId, idIndex),
      type: e.type,
      schemaVersion: e.schemaVersion ?? newestVersion(e.type),
      data: e.data,
      actor: ctx.actor,
      ...(occurredAt !== undefined ? { occurredAt } : {}),
      ...(ctx.reason !== undefined ? { reason: ctx.reason } : {}),
      ...(ctx.correlationId !== undefined ? { correlationId: ctx.correlationId } : {}),
      ...(ctx.causationId !== undefined ? { causationId: ctx.causationId } : {}),
      ...(ctx.traceparent !== undefined ? { traceparent: ctx.traceparent } : {}),
    };
  }
}

const DEFAULT_CACHED_STREAMS = 5_000;

/** Deciders emit the contracts' newest shape of each type (a type the registry does not know is a test's own: v1). */
const newestVersion = (type: string): number => (eventRegistry.has(type) ? eventRegistry.latest(type).schemaVersion : 1);

/**
 * Folded states by stream, least recently used dropped first. Deciders are pure (docs/style.md): evolve returns a
 * new state and never changes the one it is given, which is what lets two commands fold from one cached state.
 * Under jest the cached states are frozen, so a decider that mutates its state fails its tests loudly.
 */
class FoldedStates<State> {
  private readonly entries = new Map<string, { state: State; revision: number }>();
  private readonly freeze = process.env.JEST_WORKER_ID !== undefined;

  constructor(private readonly max: number) {}

  get(streamId: string): { state: State; revision: number } | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, entry: { state: State; revision: number }): void {
    if (this.max <= 0) return;
    const known = this.entries.get(streamId);
    if (known && known.revision > entry.revision) return; // a slower load must not put an older state back
    this.entries.delete(streamId);
    this.entries.set(streamId, this.freeze ? { state: deepFreeze(entry.state), revision: entry.revision } : entry);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as object)) deepFreeze(inner);
  }
  return value;
}

const BACKOFF_CAP_MS = 100;

/** A random wait of up to 2^attempt ms (at most 100 ms): full jitter, so the losers of one race do not meet again. */
function backOff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(BACKOFF_CAP_MS, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
