// A tiny service for the HTTP platform tests: households in a region hierarchy, over the memory stores.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Body, Controller, Inject, Param, type Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Role } from '@grid/contracts';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { loadConfig, type Config } from '../../src/config/config';
import { CommandHandler, type CommandContext } from '../../src/decider/command-handler';
import { refused, type Decider } from '../../src/decider/decider';
import { MemoryDocumentStore } from '../../src/documents/memory/memory-document-store';
import type { EventStore } from '../../src/store/event-store';
import { MemoryEventStore } from '../../src/store/memory/memory-event-store';
import {
  Caller, Ctx, EVENT_STORE, type ApiDocumentLink, ParentChainScopeResolver, REGION_OFFICIAL_ROLES, RegionScope, RoleRegistry, Route, ScopedByParam, created, createHttpApp, createLogger, notFound, ok, signEmbeddedToken,
  type Principal,
} from '../../src/http';

// ---- domain: pure decider -------------------------------------------------------------------------
type HouseholdCommand =
  | { type: 'register'; householdId: string; regionId: string; headName: string; idNumber: string; on: string }
  | { type: 'record-visit'; on: string; note?: string };
type HouseholdEvent = { type: string; data: Record<string, unknown> };
interface HouseholdState {
  registered: boolean;
  regionId?: string;
  registeredOn?: string;
  visits: number;
}

const householdDecider: Decider<HouseholdCommand, HouseholdEvent, HouseholdState> = {
  initialState: { registered: false, visits: 0 },
  decide(cmd, s) {
    switch (cmd.type) {
      case 'register':
        if (s.registered) throw refused('already-registered', 'the household is already registered');
        return [{ type: 'grid-records.household.registered', data: { ...cmd } }];
      case 'record-visit':
        if (!s.registered) throw refused('not-registered', 'the household is not registered');
        if (cmd.on < s.registeredOn!) throw refused('visit-before-registration', 'a visit cannot precede registration', { field: 'on', source: '网格化服务管理规范 5.2' });
        return [{ type: 'grid-records.household.visited', data: { on: cmd.on, ...(cmd.note ? { note: cmd.note } : {}) } }];
    }
  },
  evolve(s, e) {
    if (e.type === 'grid-records.household.registered') return { ...s, registered: true, regionId: e.data.regionId as string, registeredOn: e.data.on as string };
    if (e.type === 'grid-records.household.visited') return { ...s, visits: s.visits + 1 };
    return s;
  },
};

// ---- schemas (in a service these come from contracts) -----------------------------------------------
const GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export function gb11643Valid(id: string): boolean {
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return false;
  const sum = GB11643_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}
/** A valid 身份证 number for tests (checksum computed). */
export function makeIdNumber(prefix17 = '11010519491231002'): string {
  const sum = GB11643_WEIGHTS.reduce((acc, w, i) => acc + w * Number(prefix17[i]), 0);
  return `${prefix17}${'10X98765432'[sum % 11]}`;
}

const HouseholdId = z.string().regex(/^[a-z0-9-]{1,40}$/);
const RegisterBody = z.object({
  householdId: HouseholdId,
  regionId: z.string().min(1),
  headName: z.string().min(1).max(50),
  idNumber: z.string().refine(gb11643Valid, { message: 'not a valid 身份证 number (GB 11643 check digit)', params: { rule: 'gb11643' } }),
  on: z.iso.date(),
});
const VisitBody = z.object({ on: z.iso.date(), note: z.string().max(500).optional() });
const HouseholdParams = z.object({ householdId: HouseholdId });
const HouseholdView = z.object({ householdId: z.string(), regionId: z.string(), visits: z.number().int() });

export const HOUSEHOLDS = Symbol('HouseholdHandler');
type Households = CommandHandler<HouseholdCommand, HouseholdEvent, HouseholdState>;

// ---- the edge: thin controllers -----------------------------------------------------------------------
@Controller('households')
class HouseholdController {
  constructor(
    @Inject(HOUSEHOLDS) private readonly households: Households,
    private readonly scope: RegionScope,
  ) {}

  @Route({ method: 'POST', path: '', roles: ['grid-worker'], summary: { zh: '登记户', en: 'Register a household' }, response: HouseholdView })
  async register(@Body({ schema: RegisterBody }) body: z.infer<typeof RegisterBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    await this.scope.assertWithin(caller, body.regionId);
    const r = await this.households.handle(`household-${body.householdId}`, { type: 'register', ...body }, ctx);
    return created({ householdId: body.householdId, regionId: body.regionId, visits: 0 }, { location: `/households/${body.householdId}`, revision: r.revision });
  }

  @Route({ method: 'GET', path: ':householdId', roles: ['grid-worker', 'community-official', 'auditor'], summary: { zh: '查看户', en: 'Read a household' }, response: HouseholdView })
  async read(@Param({ schema: HouseholdParams }) p: z.infer<typeof HouseholdParams>, @Caller() caller: Principal) {
    const { state, revision } = await this.households.load(`household-${p.householdId}`);
    if (!state.registered) throw notFound();
    await this.scope.assertWithin(caller, state.regionId);
    return ok({ householdId: p.householdId, regionId: state.regionId!, visits: state.visits }, { revision });
  }

  @Route({ method: 'POST', path: ':householdId/visits', roles: ['grid-worker'], status: 200, summary: { zh: '登记走访', en: 'Record a visit' } })
  async visit(@Param({ schema: HouseholdParams }) p: z.infer<typeof HouseholdParams>, @Body({ schema: VisitBody }) body: z.infer<typeof VisitBody>, @Caller() caller: Principal, @Ctx() ctx: CommandContext) {
    const streamId = `household-${p.householdId}`;
    const { state } = await this.households.load(streamId);
    if (!state.registered) throw notFound();
    await this.scope.assertWithin(caller, state.regionId);
    const r = await this.households.handle(streamId, { type: 'record-visit', ...body }, ctx);
    return ok({ visits: r.state.visits }, { revision: r.revision });
  }
}

/** Test hooks: a gate to hold a request in flight, a switch for an internal failure. */
export const testHooks = { gate: null as Promise<void> | null, calls: 0 };

@Controller()
class MiscController {
  @Route({ method: 'GET', path: 'regions/:regionId/summary', roles: ['grid-worker', 'community-official'], summary: { zh: '区域概况', en: 'Region summary' } })
  @ScopedByParam('regionId')
  summary(@Param('regionId') regionId: string) {
    return { regionId };
  }

  @Route({ method: 'POST', path: 'boom', roles: ['grid-worker'], summary: { zh: '故障', en: 'Fails' } })
  boom(@Body({ schema: z.object({ idNumber: z.string() }) }) body: { idNumber: string }) {
    throw new Error(`lookup failed for ${body.idNumber} (phone 13812345678)`);
  }

  @Route({ method: 'POST', path: 'slow', roles: ['grid-worker'], summary: { zh: '慢操作', en: 'Slow operation' } })
  async slow(@Body({ schema: z.object({ n: z.number() }) }) body: { n: number }) {
    testHooks.calls += 1;
    await testHooks.gate;
    return { n: body.n, call: testHooks.calls };
  }
}

/** A store whose every append loses a race to a concurrent writer: the handler's retries run out. */
export class InterferingStore extends MemoryEventStore {
  interfere = false;
  override async append(...args: Parameters<EventStore['append']>) {
    const [streamId] = args;
    if (this.interfere) {
      await super.append(streamId, [{ type: 'grid-records.household.visited', schemaVersion: 1, data: { on: '2026-01-01' }, actor: { id: 'other', role: 'grid-worker' } }], { expectedRevision: 'any' });
    }
    return super.append(...args);
  }
}

// region hierarchy: d1 ⊃ s1 ⊃ c1 ⊃ {g1, g2};  d1 ⊃ s2 ⊃ c2 ⊃ g3
const PARENTS: Record<string, string> = { s1: 'd1', s2: 'd1', c1: 's1', c2: 's2', g1: 'c1', g2: 'c1', g3: 'c2' };

export interface TestApp {
  app: NestFastifyApplication;
  fastify: FastifyInstance;
  config: Config;
  store: InterferingStore;
  documents: MemoryDocumentStore;
  logLines: string[];
  token(role: Role, scope: string[], sub?: string): Promise<string>;
  close(): Promise<void>;
}

/** `extra`: more controllers, and what /docs lists (as a process mounting several services would). */
export async function startTestApp(extra: { controllers?: Type[]; apiDocuments?: ApiDocumentLink[]; env?: NodeJS.ProcessEnv } = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'grid-http-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'info', HTTP_BODY_LIMIT: '4096', ...extra.env });
  const store = new InterferingStore();
  const documents = new MemoryDocumentStore();
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const app = await createHttpApp({
    config,
    store,
    documents,
    logger: createLogger({ level: 'info', destination }),
    regionScope: new ParentChainScopeResolver(async (id) => PARENTS[id] ?? null),
    controllers: [HouseholdController, MiscController, ...(extra.controllers ?? [])],
    ...(extra.apiDocuments ? { apiDocuments: extra.apiDocuments } : {}),
    providers: [{ provide: HOUSEHOLDS, useFactory: (s: EventStore) => new CommandHandler({ store: s, decider: householdDecider }), inject: [EVENT_STORE] }],
    info: { title: 'http platform test', version: '0.0.0' },
    roles: new RoleRegistry([{ name: 'grid-worker', description: '网格员 grid worker' }], REGION_OFFICIAL_ROLES),
  });
  return {
    app,
    fastify: app.getHttpAdapter().getInstance() as unknown as FastifyInstance,
    config,
    store,
    documents,
    logLines,
    token: (role, scope, sub = `${role}-1`) => signEmbeddedToken(config, { sub, role, scope, ttl: '10m' }),
    close: () => app.close(),
  };
}
