import { refused } from '@grid/platform/decider';
import { enrolmentEnd, type RuleEnd } from '../eligibility/enrolment-end';
import { evaluate } from '../eligibility/evaluate';
import { evt } from '../events';
import { activeOn, enrolmentOf, published } from './guards';
import type { Enrolment, Project, ProjectCommand, ProjectEvent, ProjectState } from './types';

type Cmd<T extends ProjectCommand['type']> = Extract<ProjectCommand, { type: T }>;

export function enrol(cmd: Cmd<'enrol'>, s: ProjectState): ProjectEvent[] {
  const p = published(s);
  const { enrolmentId, householdId, personId, consent, on, by } = cmd;
  if (enrolmentId in p.enrolments) throw refused('enrolment-exists', `enrolment ${enrolmentId} exists`, { field: 'enrolmentId' });
  if (on < p.from || on > p.until) throw refused('outside-period', `the project runs from ${p.from} to ${p.until}`, { field: 'on' });
  if (cmd.facts.householdId !== householdId) throw refused('facts-of-another-household', 'the facts given are not of this household', { field: 'householdId' });
  if ((p.rule.subject === 'person') !== (personId !== null)) throw refused('subject-mismatch', `this project enrols a ${p.rule.subject}`, { field: 'personId' });
  if (consent.on > on) throw refused('consent-after-enrolment', 'consent is recorded before or on the day of enrolment', { field: 'consent.on' });
  const active = Object.values(p.enrolments).filter((e) => activeOn(e, on) || e.on > on);
  if (active.some((e) => e.householdId === householdId && e.personId === personId)) throw refused('already-enrolled', 'enrolled in this project already', { field: 'personId' });
  if (active.length >= p.capacity) throw refused('capacity-reached', `the project has room for ${p.capacity}`, { field: 'enrolmentId' });
  const { eligible, unmet } = evaluate(p.rule, cmd.facts, on, cmd.regionPath);
  const subject = eligible.find((e) => e.personId === personId);
  if (!subject) {
    const failed = unmet[personId ?? ''] ?? ['in-household'];
    throw refused('not-eligible', `the eligibility rule is not met: ${failed.join(', ')}`, { field: failed[0] === undefined ? 'personId' : `rule.${failed[0]}` });
  }
  return [evt('help-projects.project.household-enrolled', { projectId: p.projectId, enrolmentId, householdId, personId, basis: subject.basis, consent, on, by }, on)];
}

export function withdraw(cmd: Cmd<'withdraw'>, s: ProjectState): ProjectEvent[] {
  const p = published(s);
  const e = enrolmentOf(p, cmd.enrolmentId);
  if (e.end !== null) return [];
  const { on, by } = cmd;
  return [evt('help-projects.project.enrolment-ended', { projectId: p.projectId, enrolmentId: e.enrolmentId, householdId: e.householdId, endedOn: on, cause: 'withdrawn', causeEventId: null, by }, on)];
}

/**
 * The household's facts changed: each of its enrolments ends by rule at the earliest end the facts give, and
 * moves to an earlier end when one is learned later (a death recorded late). Services delivered after the end
 * are flagged for review, naming the event. Nothing changes when the facts say nothing new: idempotent.
 */
export function applyHouseholdFacts(cmd: Cmd<'apply-household-facts'>, s: ProjectState): ProjectEvent[] {
  const p = published(s);
  const { facts, on, by } = cmd;
  const events: ProjectEvent[] = [];
  for (const e of Object.values(p.enrolments)) {
    if (e.householdId !== facts.householdId) continue;
    const end = enrolmentEnd(e, facts);
    if (end === null || (e.end !== null && e.end.endedOn <= end.endedOn)) continue;
    events.push(evt('help-projects.project.enrolment-ended', { projectId: p.projectId, enrolmentId: e.enrolmentId, householdId: e.householdId, ...end, by }, on));
    events.push(...flagServicesAfter(p, e, end, by, on));
  }
  return events;
}

function flagServicesAfter(p: Project, e: Enrolment, end: RuleEnd, by: Cmd<'apply-household-facts'>['by'], on: string): ProjectEvent[] {
  const rule = end.cause === 'died' ? 'served-after-death' : 'served-after-enrolment-end';
  return Object.values(p.services)
    .filter((r) => r.enrolmentId === e.enrolmentId && r.servedOn > end.endedOn && r.flaggedBy === null)
    .sort((a, b) => (a.serviceId < b.serviceId ? -1 : 1))
    .map((r) => evt('help-projects.project.service-flagged', { projectId: p.projectId, serviceId: r.serviceId, enrolmentId: e.enrolmentId, rule, causeEventId: end.causeEventId, by }, on));
}
