// `@grid/platform/kurrentdb`: the KurrentDB event store. Only a process configured with EVENT_STORE=kurrentdb loads its client.
export * from './kurrentdb-event-store';
