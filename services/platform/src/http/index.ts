// `@grid/platform/http`: the NestJS/Fastify edge. Kept apart from `@grid/platform` so pure code (deciders,
// tools, projections) never loads Nest, Fastify or jose.
export * from './create-http-app';
export * from './problem';
export * from './problem.filter';
export * from './validation';
export * from './route';
export * from './result';
export * from './etag';
export * from './command-context';
export * from './idempotency';
export * from './correlation';
export * from './logging';
export * from './openapi';
export * from './openapi-file';
export * from './docs-page';
export * from './platform.controller';
export * from './tokens';
export * from '../auth/access';
export * from '../auth/principal';
export * from '../auth/auth.guard';
export * from '../auth/roles.guard';
export * from '../auth/region-scope';
export * from '../auth/token-verifier';
export * from '../auth/signing-keys';
export * from '../auth/sign-token';
export * from '../bus/kafka/nest-kafka-transport';
export * from './text';
