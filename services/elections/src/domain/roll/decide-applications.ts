import { evt, type ElectionEvent } from '../events';
import { created, reasonGiven, rollOpen } from '../guards';
import { refused } from '@grid/platform/decider';
import { ART } from '../rules/articles';
import type { ElectionCommand, ElectionState } from '../types';

type Cmd<T extends ElectionCommand['type']> = Extract<ElectionCommand, { type: T }>;

/**
 * Art 13 (2) and (3): the away voter's request and the resident's application are taken while the roll is being
 * built; once it is published, an omission is a matter for an objection (Art 14). One open application per person.
 */
export function fileRollApplication(cmd: Cmd<'file-roll-application'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  rollOpen(s);
  if (s.applications.has(cmd.applicationId)) return [];
  if (s.published) throw refused('roll-published', `the roll was published on ${s.published.on}: an omission is raised as an objection`, { source: ART.objections });
  if (s.roll.has(cmd.voterId)) throw refused('already-on-roll', `${cmd.voterId} is on the roll`, { field: 'voterId' });
  if ([...s.applications.values()].some((a) => a.voterId === cmd.voterId && (!a.decided || a.admittedOn))) {
    throw refused('already-applied', `${cmd.voterId} has an application that stands`, { field: 'voterId' });
  }
  const { applicationId, voterId, kind, on, by } = cmd;
  return [evt('elections.election.roll-application-filed', { applicationId, voterId, kind, on, by }, on)];
}

/** Art 13 (3): a resident registered elsewhere goes on only once the villagers' assembly or representatives admitted them. */
export function decideRollApplication(cmd: Cmd<'decide-roll-application'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  rollOpen(s);
  const application = s.applications.get(cmd.applicationId);
  if (!application) throw refused('unknown-application', `no application ${cmd.applicationId}`, { field: 'applicationId' });
  if (application.kind === 'away-voter') throw refused('no-admission-needed', 'a voter registered here who lives away takes part by asking', { source: ART.rollRegisteredAway });
  if (application.decided) throw refused('application-already-decided', `application ${cmd.applicationId} was decided`);
  if (cmd.on < application.filedOn) throw refused('decision-before-application', 'a decision cannot precede the application', { field: 'on' });
  reasonGiven(cmd.reason);
  const { applicationId, on, admitted, reason, by } = cmd;
  const rule = { rule: 'resident-admitted', source: ART.rollResidentAdmitted };
  return [evt('elections.election.roll-application-decided', { applicationId, on, admitted, reason, rule, by }, on)];
}
