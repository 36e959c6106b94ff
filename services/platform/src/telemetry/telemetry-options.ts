import type { IMetricReader } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Config } from '../config/config';

export interface TelemetryOptions {
  /** `service.name` of everything this process exports (usually config.SERVICE_NAME). */
  serviceName: string;
  /** OTEL_ENABLED turns the SDK on; OTEL_EXPORTER_OTLP_ENDPOINT is where OTLP/HTTP goes (default http://localhost:4318). */
  config: Pick<Config, 'OTEL_ENABLED' | 'OTEL_EXPORTER_OTLP_ENDPOINT'>;
  /** Tests and debugging: spans go here, each as it ends (SimpleSpanProcessor), instead of OTLP. Starts the SDK even when OTEL_ENABLED is false. */
  spanExporter?: SpanExporter;
  /** Tests: metrics are read through this instead of the periodic OTLP export. Starts the SDK even when OTEL_ENABLED is false. */
  metricReader?: IMetricReader;
  /** node:http and Fastify auto-instrumentation (default true). */
  autoInstrumentation?: boolean;
  /** Periodic OTLP metric export (default 15 s). */
  metricExportIntervalMs?: number;
}
