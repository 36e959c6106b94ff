// `@grid/platform/service`: a service described once (ServiceDefinition) and the one way to run it: alone
// (startService), several on one port (mountServices), described (writeServiceOpenApi), under test (startServiceHarness).
export * from './service-definition';
export * from './start-service';
export * from './read-side';
export * from './rebuild-read-side';
export * from './reactions';
export * from './mount-services';
export * from './describe-service';
export * from './http-harness';
