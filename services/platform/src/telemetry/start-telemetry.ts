import type { TelemetryOptions } from './telemetry-options';

export type { TelemetryOptions } from './telemetry-options';

export interface Telemetry {
  /** Whether an SDK was started; false means `@opentelemetry/api` alone, every span and instrument a no-op. */
  readonly enabled: boolean;
  /** Exports what is buffered now (tests: every ended span is in the exporter once this resolves). */
  flush(): Promise<void>;
  /** Flushes what is buffered, stops the SDK and unregisters it (so it may be started again, e.g. by the next test). */
  shutdown(): Promise<void>;
}

const OFF: Telemetry = { enabled: false, flush: async () => undefined, shutdown: async () => undefined };

let running: Telemetry | null = null;

/**
 * Starts the OpenTelemetry Node SDK when OTEL_ENABLED=true, or when an exporter or reader is passed (tests).
 * Off (the embedded default) it loads nothing beyond `@opentelemetry/api`, which then hands out no-ops.
 *
 * Call it FIRST in a process's entry point, before Nest, fastify or node:http are required: auto-instrumentation
 * patches modules as they are loaded. With swc's CommonJS output every `import` at the top of a file is
 * required before that file's code runs, so the entry point starts telemetry and only then loads the app:
 *
 *     // main.ts
 *     import { loadConfig, startTelemetry } from '@grid/platform';
 *     const config = loadConfig();
 *     const telemetry = startTelemetry({ serviceName: config.SERVICE_NAME, config });
 *     void import('./server').then(({ serve }) => serve(config, telemetry)); // Nest, fastify … load now
 *
 * and awaits `telemetry.shutdown()` on SIGTERM after the app closed, so the last spans are exported.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const wanted = options.config.OTEL_ENABLED || options.spanExporter !== undefined || options.metricReader !== undefined;
  if (!wanted) return OFF;
  if (running) throw new Error('telemetry is already started in this process: shut it down first');
  // Loaded only now: with telemetry off the SDK, its exporters and instrumentations are never even required.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startSdk } = require('./sdk') as typeof import('./sdk');
  const sdk = startSdk(options);
  const telemetry: Telemetry = {
    enabled: true,
    flush: () => (running === telemetry ? sdk.flush() : Promise.resolve()),
    shutdown: async () => {
      if (running !== telemetry) return;
      try {
        await sdk.stop();
      } finally {
        running = null;
      }
    },
  };
  running = telemetry;
  return telemetry;
}
