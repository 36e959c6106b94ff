import type { DynamicModule } from '@nestjs/common';
import type { Envelope } from '@grid/contracts';
import type { Logger } from 'pino';
import type { Clock } from '../application/clock';
import type { Config } from '../config/config';
import type { ReadModelSync } from '../application/write-result';
import type { RoleDefinition } from '../auth/roles';
import type { RegionScopeResolver } from '../auth/region-scope';
import type { DocumentStore } from '../documents/document-store';
import type { OpenApiInfo } from '../http/openapi';
import type { PersonalDataVault } from '../personal-data/vault';
import type { StartReadModels } from '../read-side/service-read-side';
import type { ProjectionEntry } from '../projections/start-projections';
import type { EventStore } from '../store/event-store';
import type { AuditedAggregate } from '../audit/audited-aggregate';

/**
 * A service: its domain, application and API, described once. `startService` runs it (embedded or production,
 * read side in a worker or inline), `mountServices` puts several on one port, `describeService` writes its
 * OpenAPI. `S` is what `compose` builds: the application objects its controllers, reactions and demo use.
 */
export interface ServiceDefinition<S = unknown> {
  /** `grid-records`: the prefix of its event types, its relay checkpoint, its consumer groups. */
  name: string;
  /** The OpenAPI document's info (title, version, description). */
  info: OpenApiInfo;
  /** Stream categories it alone writes; relayed to their topics (`<service>.<category>.v1`, contracts CATEGORY_OWNERS). */
  categories: readonly string[];
  /** Roles it adds to the registered set (tokens with other roles are refused). */
  roles?: readonly RoleDefinition[];
  /** The composition root: the application objects over the ports, without a framework. */
  compose(deps: ServiceDeps): S;
  http: {
    /** The Nest module of its controllers, over the composed objects. */
    module(services: S): DynamicModule;
    /** Where region scope checks look (a RegionDirectory over its read side, or its own tree); default: exact scope ids only. */
    regionScope?(services: S): RegionScopeResolver;
  };
  readSide?: ReadSideDefinition;
  /** Reactions to events (its own or other services' topics): commands on its own streams. */
  reactions?: readonly ReactionDefinition<S>[];
  /** Demo data on the first embedded start (`npm start`). */
  demo?: DemoDefinition<S>;
  /** Aggregates auditors may ask about as of a date: `GET /v1/audit/{name}/{id}` each, and `gridctl as-of` (docs/audit.md). */
  audit?: { aggregates: readonly AuditedAggregate<S>[] };
}

export interface ServiceDeps {
  config: Config;
  store: EventStore;
  documents: DocumentStore;
  vault: PersonalDataVault;
  /** A write answers once the read models (and the reactions it causes) hold it. */
  readModels: ReadModelSync;
  clock?: Clock;
}

/** The read models: where they are fed from is startService's choice. */
export interface ReadSideDefinition {
  /**
   * Starts the projections: all from the store when `bus` is absent (embedded); production passes the bus for
   * the projections that keep only per-stream order.
   */
  start: StartReadModels;
  /**
   * The compiled worker script (`runServiceReadSide(start)`, see `workerScript`), or null when not built: then
   * the read side runs inline. Only the embedded default uses it (READ_SIDE=worker).
   */
  worker?: string | null;
  /** Every read model `start` runs (the same list), for `gridctl rebuild` and `replay-compare` of this service. */
  projections?(documents: DocumentStore): ProjectionEntry[];
}

export interface ReactionDeps<S> {
  store: EventStore;
  documents: DocumentStore;
  /** The read models: a reaction reads them once they hold the causing event (`readModels.reached(e.globalPosition)`). */
  readModels: ReadModelSync;
  services: S;
  logger?: Logger;
}

/** One process manager: events of some categories in, commands on the service's own streams out; idempotent. */
export interface ReactionDefinition<S = unknown> {
  /** Checkpoint of the store subscription (embedded) and consumer group on the bus (production). */
  name: string;
  /** Categories whose events it reads: a store subscription over them, or their topics on the bus. */
  categories: readonly string[];
  /** The handler of one event; it waits for what it needs itself and must be safe to run twice. */
  start(deps: ReactionDeps<S>): (event: Envelope) => Promise<void>;
}

/** A running service as a demo seeder sees it. */
export interface DemoContext<S> {
  services: S;
  store: EventStore;
  /** How much to seed (SEED_HOUSEHOLDS for grid-records); 0 is never passed. */
  size: number;
  signal: AbortSignal;
  progress(line: string): void;
  /** Resolves once the service's read models and reactions hold everything in the store (what the services before it seeded). */
  caughtUp(): Promise<void>;
}

/** A user of the demo, for whom `npm start` prints a token. */
export interface DemoUser {
  role: string;
  /** Shell variable the banner exports the token as. */
  variable: string;
  sub: string;
  /** Region ids the token covers, with their public names (no personal data). */
  scope: { id: string; name: string }[];
}

/** What the start-up banner prints about a service's demo data. */
export interface DemoInfo {
  summary: string;
  users: DemoUser[];
  /** Example requests; `{url}` stands for the base URL, `$VARIABLE` for a user's token. */
  tries: string[];
}

export interface DemoDefinition<S> {
  /** Seeds an empty store through the running service's own commands; null when what it builds on is missing. */
  seed(ctx: DemoContext<S>): Promise<DemoInfo | null>;
  /** On a later start: the demo an earlier start seeded, or null. */
  find(store: EventStore): Promise<DemoInfo | null>;
}
