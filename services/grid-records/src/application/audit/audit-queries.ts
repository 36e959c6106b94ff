import { categoryOf, type AuditQuery, type ProgramCode } from '@grid/contracts';
import { causesInStore, effectsInStore, hashedUuid, type Clock, type CommandContext, type EventStore } from '@grid/platform';
import { decideAuditQuery, type IsoDate, type StandardsSet } from '../../domain';
import type { CaseLookup } from '../../projections/assistance/case-lookup';
import type { RegionTree } from '../../projections/regions/region-tree';
import type { RegionRecordsReader } from '../statistics/region-records';
import { householdAsOf, type HouseholdAsOf } from './as-of';
import { readHouseholdHistory, type HouseholdHistory } from './household-history';
import { OverpaymentFinder, type RegionOverpayments } from './overpayments';
import { timelineOf, type TimelineEntry } from './timeline';
import { whyStatus, type WhyAnswer } from './why';

/** The day's audit stream: who asked which audit question, when (contracts grid-records/audit.ts). */
export const auditStream = (day: IsoDate): string => `audit-${day}`;

/**
 * The auditors' questions (docs/audit.md, "Audit queries"). Each is recorded on the audit stream before it is
 * answered, with ids and dates only; answers carry sealed data as stored, for the reader to mask by role.
 */
export class AuditQueries {
  private readonly overpayments: OverpaymentFinder;

  constructor(
    private readonly deps: {
      store: EventStore;
      cases: CaseLookup;
      tree: RegionTree;
      records: RegionRecordsReader;
      standards: readonly StandardsSet[];
      clock: Clock;
    },
  ) {
    this.overpayments = new OverpaymentFinder(deps.store, deps.records, deps.tree, deps.standards);
  }

  /** The household's history across its streams; null when no such household was ever registered. */
  history(householdId: string): Promise<HouseholdHistory | null> {
    return readHouseholdHistory(this.deps.store, this.deps.cases, householdId);
  }

  async timeline(history: HouseholdHistory, ctx: CommandContext): Promise<{ householdId: string; streams: string[]; entries: TimelineEntry[] }> {
    await this.record('timeline', { kind: 'household', id: history.householdId }, {}, ctx);
    return { householdId: history.householdId, streams: history.streams, entries: timelineOf(history.events) };
  }

  async asOf(history: HouseholdHistory, at: { validAt?: IsoDate; knownAt?: string }, ctx: CommandContext): Promise<HouseholdAsOf> {
    const validAt = at.validAt ?? this.deps.clock.today();
    const knownAt = at.knownAt ?? this.deps.clock.now();
    await this.record('as-of', { kind: 'household', id: history.householdId }, { validAt, knownAt }, ctx);
    return householdAsOf(history.householdId, history.events, validAt, knownAt);
  }

  async why(history: HouseholdHistory, program: ProgramCode, ctx: CommandContext): Promise<WhyAnswer> {
    await this.record('why', { kind: 'household', id: history.householdId }, { status: program }, ctx);
    const steps = history.events.filter((e) => categoryOf(e.streamId) === 'assistance');
    const read = new Set(history.events.map((e) => e.eventId));
    const [causes, effects] = [await causesInStore(this.deps.store, history.events), await effectsInStore(this.deps.store, steps)];
    return whyStatus(history.householdId, history.events, program, { causes, effects: effects.filter((e) => !read.has(e.eventId)) });
  }

  async overpaymentsIn(regionId: string, ctx: CommandContext): Promise<RegionOverpayments> {
    await this.record('overpayments', { kind: 'region', id: regionId }, {}, ctx);
    return this.overpayments.find(regionId);
  }

  /** Appends the query to today's audit stream (UTC day of the clock), answered once it is durable. */
  private async record(query: AuditQuery, subject: { kind: 'household' | 'region'; id: string }, parameters: Record<string, string>, ctx: CommandContext): Promise<void> {
    const at = this.deps.clock.now();
    const events = decideAuditQuery({ type: 'record-audit-query', query, subject, parameters, at, by: ctx.actor });
    await this.deps.store.append(
      auditStream(at.slice(0, 10)),
      events.map((e, i) => ({
        ...(ctx.idSeed ? { eventId: hashedUuid(ctx.idSeed, 'audit-query', i) } : {}),
        ...e,
        actor: ctx.actor,
        ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
        ...(ctx.traceparent !== undefined ? { traceparent: ctx.traceparent } : {}),
      })),
      { expectedRevision: 'any' },
    );
  }
}
