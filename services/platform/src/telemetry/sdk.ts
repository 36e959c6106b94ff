// The SDK half of telemetry: required by start-telemetry.ts only when telemetry is on.
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { context, metrics, propagation, trace, type ProxyTracerProvider } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { instruments } from './metrics';
import type { TelemetryOptions } from './telemetry-options';

const DEFAULT_ENDPOINT = 'http://localhost:4318';
/** Liveness and readiness probes every few seconds would bury the traces that matter. */
const PROBE = /^\/(health|ready)(\?|$)/;

export interface RunningSdk {
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts and registers the SDK; returns how to flush it, and how to stop and unregister it. */
export function startSdk(options: TelemetryOptions): RunningSdk {
  const endpoint = (options.config.OTEL_EXPORTER_OTLP_ENDPOINT ?? DEFAULT_ENDPOINT).replace(/\/+$/, '');
  const spanProcessors: SpanProcessor[] = options.spanExporter
    ? [new SimpleSpanProcessor(options.spanExporter)]
    : [new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }))];
  const metricReaders: IMetricReader[] = options.metricReader
    ? [options.metricReader]
    : options.spanExporter
      ? [] // a test that only looks at spans exports no metrics anywhere
      : [
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter({ url: `${endpoint}/v1/metrics` }),
            exportIntervalMillis: options.metricExportIntervalMs ?? 15_000,
          }),
        ];
  const instrumentations: Instrumentation[] =
    options.autoInstrumentation === false
      ? []
      : [
          new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => PROBE.test(request.url ?? '') }),
          // Fastify's own (the contrib @opentelemetry/instrumentation-fastify is deprecated in its favour). It
          // hooks every fastify instance created from now on through diagnostics_channel, no require patching:
          // a span per request (SERVER, or INTERNAL under the node:http span) and one around the route handler.
          new FastifyOtelInstrumentation({
            registerOnInitialization: true,
            instrumentHooks: false,
            ignorePaths: ({ url }) => PROBE.test(url),
            requestHook: (span, request) => {
              const route = request.routeOptions.url;
              const name = route ? `${request.method} ${route}` : request.method;
              // Under node:http's SERVER span (which takes the same name) this one is INTERNAL: say it is fastify's.
              span.updateName(trace.getSpan(context.active()) ? `fastify ${name}` : name);
            },
          }),
        ];

  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    resource: defaultResource().merge(resourceFromAttributes({ 'service.namespace': 'grid-governance' })),
    contextManager: new AsyncLocalStorageContextManager(),
    textMapPropagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    spanProcessors,
    metricReaders,
    // Logs stay with pino on stdout; without this the SDK would set up an OTLP log exporter from the env.
    logRecordProcessors: [],
    instrumentations,
  });
  sdk.start();
  instruments(); // the gauges exist from the start, not only from the first command

  return {
    async flush() {
      // NodeSDK has no forceFlush of its own; its providers (registered just above) do.
      const tracerProvider = (trace.getTracerProvider() as ProxyTracerProvider).getDelegate() as Partial<Flushable>;
      const meterProvider = metrics.getMeterProvider() as Partial<Flushable>;
      await Promise.all([tracerProvider.forceFlush?.(), meterProvider.forceFlush?.()]);
    },
    async stop() {
      for (const instrumentation of instrumentations) instrumentation.disable();
      try {
        await sdk.shutdown();
      } finally {
        // NodeSDK.shutdown() leaves its providers registered; unregister them so the API is a no-op again.
        trace.disable();
        metrics.disable();
        propagation.disable();
        context.disable();
      }
    },
  };
}

interface Flushable {
  forceFlush(): Promise<void>;
}
