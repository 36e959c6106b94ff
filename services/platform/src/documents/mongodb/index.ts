// `@grid/platform/mongodb`: the MongoDB document store. Only a process configured with DOCUMENT_STORE=mongodb loads the driver.
export * from './mongo-document-store';
export * from './server-profile';
export { LOCK_LEASE_MS } from './document-lock';
