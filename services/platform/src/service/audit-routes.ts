import { Controller, Inject, Module, Param, Query, type DynamicModule, type Type } from '@nestjs/common';
import { z } from 'zod';
import type { Clock } from '../application/clock';
import { aggregateAsOfSchema, AsOfParams, AsOfQuery } from '../audit/as-of.schemas';
import { knownAtOf } from '../audit/as-of';
import { AuditAsOf } from '../audit/audit-as-of';
import type { AuditedAggregate } from '../audit/audited-aggregate';
import type { Principal } from '../auth/principal';
import { RegionScope } from '../auth/region-scope';
import { Caller } from '../auth/access';
import type { CommandContext } from '../decider/command-types';
import { Ctx } from '../http/command-context';
import { Route } from '../http/route';
import type { EventStore } from '../store/event-store';

type Handler = (p: z.infer<typeof AsOfParams>, q: z.infer<typeof AsOfQuery>, caller: Principal, ctx: CommandContext) => Promise<unknown>;

/**
 * `GET /v1/audit/{aggregate}/{id}?validAt=&knownAt=` for each aggregate a service declares (ServiceDefinition.audit),
 * for the auditor role: 404 when it never existed or lies outside the caller's regions, else the question recorded
 * on the service's audit stream and answered (docs/audit.md, "As-of across services").
 */
export function auditRoutesModule<S>(service: string, aggregates: readonly AuditedAggregate<S>[], services: S, deps: { store: EventStore; clock: Clock }): DynamicModule {
  const asOf = new AuditAsOf({ service, ...deps });
  class AuditAsOfController {
    constructor(readonly scope: RegionScope) {}
  }
  Object.defineProperty(AuditAsOfController, 'name', { value: `${pascal(service)}AuditController` });
  Inject(RegionScope)(AuditAsOfController, undefined, 0);
  const proto = AuditAsOfController.prototype as unknown as Record<string, Handler>;
  for (const aggregate of aggregates) {
    const method = `asOf${pascal(aggregate.name)}`;
    proto[method] = async function (this: AuditAsOfController, p, q, caller, ctx) {
      const events = await asOf.history(aggregate, p.id);
      await this.scope.assertWithin(caller, events.length === 0 ? null : await aggregate.regionOf(events, services));
      const at = { ...(q.validAt ? { validAt: q.validAt } : {}), ...(q.knownAt ? { knownAt: knownAtOf(q.knownAt) } : {}) };
      return asOf.answer({ aggregate, id: p.id, ...at }, ctx);
    };
    Route({
      method: 'GET',
      path: `${aggregate.name}/:id`,
      roles: ['auditor'],
      tags: ['audit'],
      summary: { zh: `${aggregate.summary.zh}: 某日状态 (当时所知)`, en: `${aggregate.summary.en} valid at a date as known at a date` },
      description:
        'The state folded by the aggregate’s own evolve from its events recorded by `knownAt` whose effective date is on or before `validAt`, with those events and their causes (causation ids followed through every service’s events), and the ones in effect then but recorded later. Recorded as an audit query; personal data masked.',
      response: aggregateAsOfSchema(aggregate.name),
    })(proto, method, Object.getOwnPropertyDescriptor(proto, method)!);
    Param({ schema: AsOfParams })(proto, method, 0);
    Query({ schema: AsOfQuery })(proto, method, 1);
    Caller()(proto, method, 2);
    Ctx()(proto, method, 3);
  }
  Controller('v1/audit')(AuditAsOfController);

  @Module({})
  class AuditAsOfModule {}
  return { module: AuditAsOfModule, controllers: [AuditAsOfController as Type] };
}

/** `help-projects` → `HelpProjects`: names of the generated controller and handlers (operation ids). */
const pascal = (kebab: string): string => kebab.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
