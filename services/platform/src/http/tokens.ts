/** DI tokens createHttpApp provides globally, for service controllers and handlers to inject. */
export const EVENT_STORE = Symbol('EventStore');
export const DOCUMENT_STORE = Symbol('DocumentStore');
/** The process's pino logger (request-scoped logging is `request.log`, which carries the correlation id). */
export const HTTP_LOGGER = Symbol('HttpLogger');
