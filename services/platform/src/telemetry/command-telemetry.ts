import { context, trace } from '@opentelemetry/api';
import type { CommandContext } from '../decider/command-types';
import { Refusal } from '../decider/decider';
import { ConcurrencyError } from '../store/event-store';
import { ATTR, streamCategory } from './attributes';
import { countCommand, recordAppend, type CommandOutcome } from './metrics';
import { contextFromTraceparent, currentTraceparent, traceIdOf, withSpan } from './tracing';

/** `command.type` when the command has a string `type` (every decider here uses that shape), else `unknown`. */
export function commandTypeOf(command: unknown): string {
  const type = (command as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.length > 0 ? type : 'unknown';
}

function outcomeOf(error: unknown): CommandOutcome {
  if (error instanceof ConcurrencyError) return 'conflict';
  if (error instanceof Refusal) return 'refused';
  return 'failed';
}

/**
 * Runs one command inside a span `command <type>` and counts it (`grid.commands`, by type and outcome).
 * The span's parent is the active span (the HTTP request, a bus message being processed) or, when nothing
 * is active, the caller's `ctx.traceparent`. `run` gets a context whose `traceparent` names the command span,
 * so the appended envelopes carry it and the relay, consumers and projections continue this trace. A
 * caller's traceparent of ANOTHER trace is kept as given (the caller chose it); one of the same trace is
 * replaced by the command span, its descendant. Telemetry off: no span, and `ctx` is passed on unchanged.
 */
export async function traceCommand<R extends { appended: readonly unknown[] }>(
  streamId: string,
  command: unknown,
  ctx: CommandContext,
  run: (ctx: CommandContext) => Promise<R>,
): Promise<R> {
  const type = commandTypeOf(command);
  const active = context.active();
  const parent = trace.getSpan(active) || !ctx.traceparent ? active : contextFromTraceparent(ctx.traceparent, active);
  const attributes = { [ATTR.commandType]: type, [ATTR.streamId]: streamId, [ATTR.actorRole]: ctx.actor.role };
  return withSpan(
    `command ${type}`,
    attributes,
    async (span) => {
      try {
        const result = await run(withOwnTraceparent(ctx));
        const outcome: CommandOutcome = result.appended.length > 0 ? 'accepted' : 'unchanged';
        span.setAttributes({ [ATTR.commandOutcome]: outcome, [ATTR.eventCount]: result.appended.length });
        countCommand(type, outcome);
        return result;
      } catch (error) {
        const outcome = outcomeOf(error);
        span.setAttribute(ATTR.commandOutcome, outcome);
        countCommand(type, outcome);
        throw error;
      }
    },
    { parent },
  );
}

function withOwnTraceparent(ctx: CommandContext): CommandContext {
  const own = currentTraceparent();
  if (!own || own === ctx.traceparent) return ctx;
  if (ctx.traceparent && traceIdOf(ctx.traceparent) !== undefined && traceIdOf(ctx.traceparent) !== traceIdOf(own)) return ctx;
  return { ...ctx, traceparent: own };
}

/** One event-store append inside a span `append <category>`, timed into `grid.event_store.append.duration`. */
export function traceAppend<T>(streamId: string, eventCount: number, append: () => Promise<T>): Promise<T> {
  const category = streamCategory(streamId);
  const attributes = { [ATTR.streamId]: streamId, [ATTR.streamCategory]: category, [ATTR.eventCount]: eventCount };
  return withSpan(`append ${category}`, attributes, async (span) => {
    const started = performance.now();
    try {
      const result = await append();
      recordAppend((performance.now() - started) / 1000, category, 'ok');
      return result;
    } catch (error) {
      const outcome = error instanceof ConcurrencyError ? 'conflict' : 'failed';
      span.setAttribute(ATTR.appendOutcome, outcome);
      recordAppend((performance.now() - started) / 1000, category, outcome);
      throw error;
    }
  });
}
