import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Attributes,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ATTR } from './attributes';

/**
 * Small tracing helpers over `@opentelemetry/api` only. Without a registered SDK (telemetry off, the
 * embedded default) the API hands out no-op spans: these helpers then cost a few allocations and export
 * nothing, and a traceparent that came in is still passed on unchanged (a no-op span keeps its parent's ids).
 */
export const TRACER_NAME = 'grid-governance';

/**
 * Envelopes and bus headers always speak W3C Trace Context, whatever propagator the SDK was given for HTTP:
 * the traceparent is part of the event (docs/architecture.md, The envelope), not of a transport's configuration.
 */
const w3c = new W3CTraceContextPropagator();

/** Looked up per span, not cached: the SDK may be registered (or replaced, in tests) after this module loads. */
export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

export interface WithSpanOptions {
  kind?: SpanKind;
  /** Default: the active context. Pass one from `contextFromTraceparent` / `extractFromHeaders` to continue a trace. */
  parent?: Context;
}

/**
 * Runs `fn` inside a new active span, which ends when `fn` settles; a throw marks the span as an error
 * (status, `error.type`, the exception as an event) and is rethrown unchanged.
 */
export function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T> | T,
  options: WithSpanOptions = {},
): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      markError(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

export function markError(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const err = error instanceof Error ? error : new Error(String(error));
  span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
  span.setAttribute(ATTR.errorType, err.constructor.name === 'Error' ? err.name : err.constructor.name);
}

/** The W3C `traceparent` of the active span (or of `ctx`'s), or undefined when there is no valid one. */
export function currentTraceparent(ctx: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  w3c.inject(ctx, carrier, defaultTextMapSetter);
  return carrier.traceparent;
}

/** A context whose parent is the span a traceparent names; `base` unchanged when it is absent or malformed. */
export function contextFromTraceparent(traceparent: string | null | undefined, base: Context = ROOT_CONTEXT): Context {
  if (!traceparent) return base;
  return w3c.extract(base, { traceparent }, defaultTextMapGetter);
}

/** Sets `traceparent` (and `tracestate`, if any) of `ctx`'s span on the headers; returns the same object. */
export function injectHeaders(headers: Record<string, string>, ctx: Context = context.active()): Record<string, string> {
  w3c.inject(ctx, headers, defaultTextMapSetter);
  return headers;
}

/**
 * The context a message's `traceparent` header names. The base is the root context, not the active one:
 * a consumer loop runs in whatever context started it, which is no parent of the messages it handles.
 */
export function extractFromHeaders(headers: Record<string, string> | undefined, base: Context = ROOT_CONTEXT): Context {
  if (!headers) return base;
  return w3c.extract(base, headers, defaultTextMapGetter);
}

/** The trace id of a traceparent (`00-<trace id>-<span id>-<flags>`), or undefined when malformed. */
export function traceIdOf(traceparent: string | null | undefined): string | undefined {
  if (!traceparent) return undefined;
  const span = trace.getSpanContext(contextFromTraceparent(traceparent));
  return span?.traceId;
}
