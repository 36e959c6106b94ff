import { charity } from '@grid/charity';
import { elections } from '@grid/elections';
import { gridRecords } from '@grid/grid-records';
import { helpProjects } from '@grid/help-projects';
import type { AuditedAggregate } from '@grid/platform';
import type { ServiceDefinition } from '@grid/platform/service';

/** The services whose data gridctl reads: their read models (rebuild, replay-compare) and audited aggregates (as-of). */
export const SERVICES: readonly ServiceDefinition[] = [gridRecords, elections, helpProjects, charity];

export const SERVICE_NAMES = SERVICES.map((s) => s.name);

export function serviceNamed(name: string): ServiceDefinition {
  const found = SERVICES.find((s) => s.name === name);
  if (!found) throw new Error(`no service ${name}: one of ${SERVICE_NAMES.join(', ')}`);
  return found;
}

/** `households` is grid-records' own as-of; every other name an aggregate some service declares (ServiceDefinition.audit). */
export const AUDITED = SERVICES.flatMap((s) => (s.audit?.aggregates ?? []).map((aggregate) => ({ service: s.name, aggregate: aggregate as AuditedAggregate<never> })));

export function auditedNamed(name: string): (typeof AUDITED)[number] {
  const found = AUDITED.find((a) => a.aggregate.name === name);
  if (!found) throw new Error(`no audited aggregate ${name}: one of households, ${AUDITED.map((a) => a.aggregate.name).join(', ')}`);
  return found;
}
