import { refused } from '@grid/platform/decider';
import { activeMember } from '../consortium/member';
import { enrolmentEnd } from '../eligibility/enrolment-end';
import { evt } from '../events';
import { deathOf } from '../facts/queries';
import { enrolmentOf, published } from './guards';
import type { ProjectCommand, ProjectEvent, ProjectState } from './types';

type Cmd<T extends ProjectCommand['type']> = Extract<ProjectCommand, { type: T }>;

/**
 * A service delivered to a person on a day by a member: refused after the person's death or after the enrolment
 * ended, naming the event that says so, even when that event reached the project only with this command's facts.
 */
export function recordService(cmd: Cmd<'record-service'>, s: ProjectState): ProjectEvent[] {
  const p = published(s);
  const { serviceId, personId, servedOn, personTimes, costFen, facts, on, by } = cmd;
  const known = p.services[serviceId];
  if (known) {
    if (known.enrolmentId !== cmd.enrolmentId || known.servedOn !== servedOn || known.costFen !== costFen) throw refused('service-exists', `service ${serviceId} was recorded with other details`, { field: 'serviceId' });
    return [];
  }
  const e = enrolmentOf(p, cmd.enrolmentId);
  const member = activeMember(cmd.member);
  if (servedOn > on) throw refused('served-in-future', `a service is recorded on or after the day it was delivered (${on})`, { field: 'servedOn' });
  if (servedOn < e.on) throw refused('before-enrolment', `enrolled on ${e.on}`, { field: 'servedOn' });
  if (facts.householdId !== e.householdId) throw refused('facts-of-another-household', 'the facts given are not of the enrolled household', { field: 'enrolmentId' });
  if (e.personId !== null ? personId !== e.personId : !(personId in facts.persons)) throw refused('not-the-enrolled-person', 'the person served is the one enrolled (or of the enrolled household)', { field: 'personId' });
  const person = facts.persons[personId];
  const death = person ? deathOf(person) : null;
  if (death && death.on < servedOn) throw refused('person-died', `died on ${death.on} (grid-records event ${death.eventId})`, { field: 'servedOn' });
  const end = [e.end, enrolmentEnd(e, facts)].filter((x) => x !== null).sort((a, b) => (a.endedOn < b.endedOn ? -1 : 1))[0];
  if (end && end.endedOn < servedOn) throw refused('enrolment-ended', `ended on ${end.endedOn} (${end.cause}${end.causeEventId ? `, event ${end.causeEventId}` : ''})`, { field: 'servedOn' });
  if (p.spentFen + costFen > p.creditedFen) throw refused('over-budget', `${p.creditedFen - p.spentFen} fen left of ${p.creditedFen} credited`, { field: 'costFen' });
  const data = { projectId: p.projectId, serviceId, enrolmentId: e.enrolmentId, householdId: e.householdId, personId, memberId: member.memberId, servedOn, personTimes, costFen, by };
  return [evt('help-projects.project.service-recorded', data, servedOn)];
}
