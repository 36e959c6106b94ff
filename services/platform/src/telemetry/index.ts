// Telemetry: cheap to import (only @opentelemetry/api and core); the SDK loads inside startTelemetry when on.
export * from './attributes';
export * from './tracing';
export * from './metrics';
export * from './command-telemetry';
export * from './messaging-telemetry';
export * from './start-telemetry';
