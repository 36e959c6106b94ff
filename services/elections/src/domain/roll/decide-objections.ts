import { addDays, daysBetween } from '../dates';
import { evt, type ElectionEvent } from '../events';
import { created, reasonGiven, rollOpen } from '../guards';
import { refused } from '@grid/platform/decider';
import { ART } from '../rules/articles';
import type { ElectionCommand, ElectionState } from '../types';
import { entryFor } from './decide-roll';

type Cmd<T extends ElectionCommand['type']> = Extract<ElectionCommand, { type: T }>;

/** An objection (申诉) within 5 days of publication: counted from the day after it, so day 5 is the last (Art 14). */
export function raiseRollObjection(cmd: Cmd<'raise-roll-objection'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  rollOpen(s);
  if (!s.published) throw refused('roll-not-published', 'objections are to the published roll', { source: ART.objections });
  if (s.objections.has(cmd.objectionId)) return [];
  const window = s.rules.objectionDays;
  const day = daysBetween(s.published.on, cmd.on);
  if (day < 0 || day > window.value) {
    throw refused('objection-window-closed', `raised on day ${day} after publication; objections run ${window.value} days`, { source: window.source, field: 'on' });
  }
  reasonGiven(cmd.grounds, 'grounds');
  const listed = s.roll.has(cmd.subjectId);
  if (cmd.kind === 'omitted' && listed) throw refused('subject-already-listed', `${cmd.subjectId} is on the roll`, { field: 'subjectId' });
  if (cmd.kind === 'wrongly-listed' && !listed) throw refused('subject-not-listed', `${cmd.subjectId} is not on the roll`, { field: 'subjectId' });
  const { objectionId, kind, subjectId, on, grounds, by } = cmd;
  const decideBy = addDays(on, s.rules.objectionDecisionDays.value);
  return [evt('elections.election.roll-objection-raised', { objectionId, kind, subjectId, on, grounds, decideBy, by }, on)];
}

/**
 * The committee decides within 3 days of receipt, with a reason, and publishes the decision (Art 14). A later
 * decision is still recorded (the objector is owed one) and marked late, naming the rule it missed.
 */
export function decideRollObjection(cmd: Cmd<'decide-roll-objection'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  rollOpen(s);
  const objection = s.objections.get(cmd.objectionId);
  if (!objection) throw refused('unknown-objection', `no objection ${cmd.objectionId}`, { field: 'objectionId' });
  if (objection.decided) throw refused('objection-already-decided', `objection ${cmd.objectionId} was decided`);
  if (cmd.on < objection.raisedOn) throw refused('decision-before-objection', 'a decision cannot precede the objection', { field: 'on' });
  reasonGiven(cmd.reason);
  const limit = s.rules.objectionDecisionDays;
  const late = daysBetween(objection.raisedOn, cmd.on) > limit.value;
  const { objectionId, on, upheld, reason, by } = cmd;
  const decided = evt('elections.election.roll-objection-decided', {
    objectionId,
    on,
    upheld,
    reason,
    late,
    rule: { rule: late ? 'objection-decided-late' : 'objection-decided-in-time', source: limit.source },
    by,
  }, on);
  if (!upheld) return [decided];
  if (objection.kind === 'wrongly-listed') {
    return [decided, evt('elections.election.voter-removed', { voterId: objection.subjectId, cause: 'objection-upheld', on, objectionId, by }, on)];
  }
  if (!cmd.voter || cmd.voter.voterId !== objection.subjectId) {
    throw refused('voter-facts-required', `an upheld omission needs the facts of ${objection.subjectId} to put them on the roll`, { field: 'voter' });
  }
  return [decided, entryFor(s, cmd.voter, on, by, objectionId)];
}
