// Ports, the embedded adapters and the kernel. Production adapters have their own entries (`@grid/platform/kafka`,
// `/mongodb`, `/kurrentdb`) so that only a process configured for them loads their drivers.
export * from './store/event-store';
export * from './store/hash-chain';
export * from './store/envelope-builder';
export * from './store/subscription';
export * from './store/verifier';
export * from './store/memory/memory-event-store';
export * from './decider/decider';
export * from './decider/command-handler';
export * from './bus/bus';
export * from './documents/document-store';
export * from './config/config';
export * from './store/sqlite/sqlite-event-store';
export * from './store/append-checks';
export * from './bus/embedded/embedded-bus';
export * from './relay/relay';
export * from './documents/memory/memory-document-store';
export * from './documents/sqlite/sqlite-document-store';
export * from './projections/projection';
export * from './upcasting/upcasting-store';
export * from './upcasting/upcasting-bus';
export * from './projections/projection-runner';
export * from './util/within';
export type { PartitionLag } from './bus/kafka/kafka-offsets';
export * from './personal-data';
export * from './infrastructure/open-infrastructure';
export * from './telemetry';
export * from './read-side';
