import type { Actor } from '@grid/contracts';
import { addDays, daysBetween } from '../dates';
import { evt, type ElectionEvent, type EventOf } from '../events';
import { created, rollOpen } from '../guards';
import { Refusal, refused } from '@grid/platform/decider';
import { ART } from '../rules/articles';
import type { Election, ElectionCommand, ElectionState, VoterFacts } from '../types';
import { rollBasis } from './eligibility';

type Cmd<T extends ElectionCommand['type']> = Extract<ElectionCommand, { type: T }>;

/** A roll entry for an eligible person (throws the refusal naming the rule otherwise). */
export function entryFor(s: Election, v: VoterFacts, on: string, by: Actor, objectionId?: string): EventOf<'elections.election.voter-registered'> {
  const basis = rollBasis(v, s.votingDay, s.rules, s.id);
  if (basis instanceof Refusal) throw basis;
  const { voterId, entryHash, group } = v;
  return evt('elections.election.voter-registered', { voterId, entryHash, basis, group, on, objectionId, by }, on);
}

/** Before publication the committee builds the roll; afterwards only an upheld objection changes it (Art 14). */
function rollBeingBuilt(s: Election): void {
  rollOpen(s);
  if (s.published) throw refused('roll-published', `the roll was published on ${s.published.on}: it changes only by an upheld objection`, { source: ART.objections });
}

export function registerVoters(cmd: Cmd<'register-voters'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  rollBeingBuilt(s);
  const added = new Map<string, VoterFacts>();
  for (const v of cmd.voters) if (!s.roll.has(v.voterId) && !added.has(v.voterId)) added.set(v.voterId, v);
  return [...added.values()].map((v) => entryFor(s, v, cmd.on, cmd.by));
}

export function removeVoter(cmd: Cmd<'remove-voter'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  rollBeingBuilt(s);
  if (!s.roll.has(cmd.voterId)) return [];
  return [evt('elections.election.voter-removed', { voterId: cmd.voterId, cause: 'not-eligible', on: cmd.on, by: cmd.by }, cmd.on)];
}

/** A death or move-out learned from grid-records: taken off an unfrozen roll, flagged on a frozen one (never removed). */
export function recordLifeEvent(cmd: Cmd<'record-life-event'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  const entry = s.roll.get(cmd.voterId);
  if (!entry || entry.flag === cmd.event) return [];
  const { voterId, on, by } = cmd;
  if (s.frozen) return [evt('elections.election.voter-flagged', { voterId, flag: cmd.event, on, by }, on)];
  return [evt('elections.election.voter-removed', { voterId, cause: cmd.event, on, by }, on)];
}

export function publishRoll(cmd: Cmd<'publish-roll'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  rollBeingBuilt(s);
  if (!s.auditedOn) throw refused('audit-required', 'the pre-election financial audit (清理审计) must be recorded before the roll is published', { source: ART.audit });
  const days = s.rules.rollPublicationDaysBefore;
  const before = daysBetween(cmd.on, s.votingDay);
  if (before < days.value) {
    throw refused('roll-published-too-late', `published ${before} days before voting day ${s.votingDay}; at least ${days.value} are required`, { source: days.source });
  }
  const objectionsUntil = addDays(cmd.on, s.rules.objectionDays.value);
  const rule = { rule: 'roll-publication', source: days.source };
  return [evt('elections.election.roll-published', { on: cmd.on, size: s.roll.size, objectionsUntil, rule, by: cmd.by }, cmd.on)];
}
