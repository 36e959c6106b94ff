// The service processes of one multi-process suite: each its own OS process with its own SQLite store and data
// folder, sharing the run's Kafka, database, vault master key and token signing key; stopped by PID whatever happened.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpAt, useBaseUrl } from './http-client';
import { closeAndDropFeed } from './mongo-feed';
import { GRID_RECORDS_MAIN, ROOT, children, ensureBuilt, serviceEnv, startChild, stopChild, waitForLine } from './processes';
import { prepareRun } from './run-settings';

const MAINS = {
  'grid-records': GRID_RECORDS_MAIN,
  charity: join(ROOT, 'services', 'charity', 'dist', 'main.js'),
  'help-projects': join(ROOT, 'services', 'help-projects', 'dist', 'main.js'),
  elections: join(ROOT, 'services', 'elections', 'dist', 'main.js'),
} as const;
export type ServiceName = keyof typeof MAINS;

export class ServiceRun {
  /** Folders removed by stop(); the first is the run's keys folder, free for a test's scratch files. */
  readonly dirs: string[] = [];
  private readonly database: string;
  private readonly urls = new Map<ServiceName, string>();

  constructor(
    private readonly label: string,
    private readonly brokers: string,
    private readonly mongoUrl: string,
  ) {
    this.database = `e2e_${label}_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  }

  /** Starts the services one after the other (two processes creating one topic at once race in kafkajs); grid-records becomes the shared helpers' `http` target. */
  async start(names: ServiceName[]): Promise<void> {
    ensureBuilt();
    const shared = await prepareRun(this.label, this.dirs, { brokers: this.brokers, mongoUrl: this.mongoUrl, database: this.database });
    for (const name of names) {
      const dataDir = mkdtempSync(join(tmpdir(), `e2e-${name}-`));
      this.dirs.push(dataDir);
      const child = startChild(name, MAINS[name], serviceEnv({ ...shared, name, dataDir }));
      const url = (await waitForLine(child, new RegExp(`${name} listening on (http://\\S+)`), 40_000))[1]!;
      this.urls.set(name, url);
      if (name === 'grid-records') useBaseUrl(url);
    }
  }

  url(name: ServiceName): string {
    const url = this.urls.get(name);
    if (!url) throw new Error(`${name} was not started`);
    return url;
  }

  /** A call to one service process. */
  call(name: ServiceName, method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) {
    return httpAt(this.url(name), method, path, bearer, body);
  }

  /** A call that must succeed: its body, else the status and problem in the error. */
  async ok(name: ServiceName, method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) {
    const answer = await this.call(name, method, path, bearer, body);
    if (answer.status >= 300) throw new Error(`${name} ${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  async stop(): Promise<void> {
    await Promise.allSettled(children.map((c) => stopChild(c)));
    await closeAndDropFeed(this.mongoUrl, this.database);
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}
