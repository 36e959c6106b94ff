// A real service for HTTP tests: embedded adapters (SQLite files) in a temp dir, driven through fastify's inject.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { signEmbeddedToken } from '../auth/sign-token';
import { loadConfig, type Config } from '../config/config';
import { createLogger } from '../http/logging';
import { openInfrastructure, type Infrastructure } from '../infrastructure/open-infrastructure';
import type { ServiceDefinition } from './service-definition';
import { startService, type RunningService, type StartServiceOptions } from './start-service';

export interface ServiceHarness<S> {
  config: Config;
  infra: Infrastructure;
  service: RunningService<S>;
  fastify: FastifyInstance;
  /** The service's log, one JSON line each (tests assert what is and is not logged). */
  logLines: string[];
  /** A token signed with the data folder's key, as the embedded server accepts it. */
  token(role: string, scope: string[], sub?: string): Promise<string>;
  get(url: string, token?: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body: unknown, token?: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** `env` adds to or overrides the test configuration (e.g. `READ_SIDE: 'inline'`). */
export async function startServiceHarness<S>(
  definition: ServiceDefinition<S>,
  env: Record<string, string> = {},
  options: Pick<StartServiceOptions, 'clock' | 'vault'> = {},
): Promise<ServiceHarness<S>> {
  const dataDir = mkdtempSync(join(tmpdir(), `${definition.name}-api-`));
  // OFF: these tests are about behaviour, not durability; it keeps them fast.
  // One test user sends many requests in a second: the per-caller limit is tested on its own (http/rate-limit.test.ts).
  const config = loadConfig({ DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'OFF', LOG_LEVEL: 'info', HOST: '127.0.0.1', HTTP_RATE_LIMIT_PER_MINUTE: '1000000', ...env });
  const infra = await openInfrastructure(config);
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  let service: RunningService<S>;
  try {
    service = await startService(definition, infra, { config, port: 0, logger: createLogger({ level: 'info', destination }), ...options });
  } catch (error) {
    await infra.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const fastify = service.app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const auth = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
  return {
    config,
    infra,
    service,
    fastify,
    logLines,
    token: (role, scope, sub = `${role}-${scope.join('+')}`) => signEmbeddedToken(config, { sub, role, scope, ttl: '10m' }),
    get: (url, token, headers = {}) => fastify.inject({ method: 'GET', url, headers: { ...auth(token), ...headers } }),
    post: (url, body, token, headers = {}) =>
      fastify.inject({ method: 'POST', url, headers: { ...auth(token), 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) }),
    async close() {
      await service.close();
      await infra.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
