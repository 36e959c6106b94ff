import { MERKLE_ALGORITHM, merkleRoot } from '@grid/contracts';
import { evt, type ElectionEvent } from '../events';
import { created, rollOpen } from '../guards';
import { refused } from '@grid/platform/decider';
import { ART } from '../rules/articles';
import type { ElectionCommand, ElectionState } from '../types';


type Cmd<T extends ElectionCommand['type']> = Extract<ElectionCommand, { type: T }>;

/** After the objection window, with every objection decided, the roll is frozen and its Merkle root published. */
export function freezeRoll(cmd: Cmd<'freeze-roll'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  rollOpen(s);
  if (!s.published) throw refused('roll-not-published', 'only a published roll is frozen', { source: ART.rollPublication });
  if (cmd.on <= s.published.objectionsUntil) {
    throw refused('objection-window-open', `objections run until ${s.published.objectionsUntil}`, { source: s.rules.objectionDays.source, field: 'on' });
  }
  const pending = [...s.objections].filter(([, o]) => !o.decided).map(([id]) => id);
  if (pending.length > 0) throw refused('objection-pending', `undecided: ${pending.join(', ')}`, { source: s.rules.objectionDecisionDays.source });
  if (cmd.on > s.votingDay) throw refused('voting-day-passed', `voting day was ${s.votingDay}`, { field: 'on' });
  const root = merkleRoot([...s.roll.values()].map((e) => e.entryHash));
  return [evt('elections.election.roll-frozen', { on: cmd.on, size: s.roll.size, root, algorithm: MERKLE_ALGORITHM, by: cmd.by }, cmd.on)];
}
