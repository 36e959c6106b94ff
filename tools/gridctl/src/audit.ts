import type { Actor } from '@grid/contracts';
import { auditedView, composeServices, knownAtOf, overpaymentsCsv, type GridRecordsServices, type TimelineEntry } from '@grid/grid-records';
import { AuditAsOf, createPersonalDataVault, loadMasterKey, openInfrastructure, systemClock, type AggregateAsOf, type CommandContext, type Config, type Infrastructure } from '@grid/platform';
import { auditedNamed } from './services';

/** grid-records' application over the data folder, for one command; no read side runs (the server keeps them). */
export async function withGridRecords<T>(config: Config, fn: (services: GridRecordsServices, infra: Infrastructure) => Promise<T>): Promise<T> {
  const infra = await openInfrastructure(config);
  try {
    const vault = createPersonalDataVault({ documents: infra.keys, masterKey: loadMasterKey(config) });
    const services = composeServices({ store: infra.store, documents: infra.documents, vault, readModels: { reached: async () => undefined } });
    return await fn(services, infra);
  } finally {
    await infra.close();
  }
}

/** The data folder's ports for one command, closed afterwards. */
export async function withInfrastructure<T>(config: Config, fn: (infra: Infrastructure) => Promise<T>): Promise<T> {
  const infra = await openInfrastructure(config);
  try {
    return await fn(infra);
  } finally {
    await infra.close();
  }
}

/** As-of / known-at of any service's audited aggregate (`elections`, `projects`, `funds` …), recorded on that service's audit stream. */
export async function aggregateAsOf(infra: Infrastructure, name: string, id: string, at: { validAt?: string; knownAt?: string }, sub: string): Promise<AggregateAsOf> {
  const { service, aggregate } = auditedNamed(name);
  const asOf = new AuditAsOf({ service, store: infra.store, clock: systemClock });
  if ((await asOf.history(aggregate, id)).length === 0) throw new Error(`no ${name} ${id}`);
  const when = { ...(at.validAt ? { validAt: at.validAt } : {}), ...(at.knownAt ? { knownAt: knownAtOf(at.knownAt) } : {}) };
  return asOf.answer({ aggregate, id, ...when }, auditorContext(sub));
}

/** The audit query's context: an auditor named by `--sub`, as the HTTP API records its callers. */
export const auditorContext = (sub: string): CommandContext => ({ actor: { id: sub, role: 'auditor' } satisfies Actor });

async function history(services: GridRecordsServices, householdId: string) {
  const found = await services.audit.history(householdId);
  if (!found) throw new Error(`no household ${householdId}`);
  return found;
}

export async function timeline(services: GridRecordsServices, householdId: string, sub: string) {
  const answer = await services.audit.timeline(await history(services, householdId), auditorContext(sub));
  return auditedView(services.vault, answer, householdId);
}

export async function asOf(services: GridRecordsServices, householdId: string, at: { validAt?: string; knownAt?: string }, sub: string) {
  const when = { ...(at.validAt ? { validAt: at.validAt } : {}), ...(at.knownAt ? { knownAt: knownAtOf(at.knownAt) } : {}) };
  const answer = await services.audit.asOf(await history(services, householdId), when, auditorContext(sub));
  return auditedView(services.vault, answer, householdId);
}

export async function why(services: GridRecordsServices, householdId: string, program: Parameters<GridRecordsServices['audit']['why']>[1], sub: string) {
  const answer = await services.audit.why(await history(services, householdId), program, auditorContext(sub));
  return auditedView(services.vault, answer, householdId);
}

export async function overpayments(services: GridRecordsServices, regionId: string, sub: string, csv: boolean): Promise<string> {
  const report = await services.audit.overpaymentsIn(regionId, auditorContext(sub));
  return csv ? overpaymentsCsv(report) : `${JSON.stringify(report, null, 2)}\n`;
}

/** One timeline line a person reads: effective date, when recorded, what, who, why, under which rule. */
export function timelineText(entries: TimelineEntry[]): string {
  return entries
    .map((e) => {
      const late = e.recordedLateDays > 0 ? ` (+${e.recordedLateDays} d)` : '';
      const who = `${e.actor.id} (${e.actor.role})${e.decidedBy ? ` for ${e.decidedBy.id} (${e.decidedBy.role})` : ''}`;
      const rule = e.rule ? ` · ${e.rule.rule} — ${e.rule.source}` : '';
      const reason = e.reason ? ` · “${e.reason}”` : '';
      return `${e.effectiveOn}  recorded ${e.recordedAt.slice(0, 10)}${late}  ${e.label.zh} ${e.label.en}  [${e.streamId}@${e.revision}]  ${who}${reason}${rule}`;
    })
    .join('\n');
}

/** 删除个人信息 as the HTTP route does it, by a district official named by `--sub` (docs/audit.md, Erasure). */
export async function erase(
  services: GridRecordsServices,
  personId: string,
  input: Parameters<GridRecordsServices['erasure']['erase']>[2],
  sub: string,
): Promise<{ id: string; revision: number }> {
  const entry = await services.persons.byPersonId(personId);
  if (!entry) throw new Error(`no resident ${personId}`);
  return services.erasure.erase(entry.householdId, personId, input, { actor: { id: sub, role: 'district-official' } });
}
