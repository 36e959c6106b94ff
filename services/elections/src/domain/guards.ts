import { refused } from '@grid/platform/decider';
import { ART } from './rules/articles';
import type { Election, ElectionState } from './types';

export function created(s: ElectionState): Election {
  if (s === null) throw refused('no-election', 'no election with this id has been called');
  return s;
}

/** The roll can change only until it is frozen (then its commitment is published). */
export function rollOpen(s: Election): void {
  if (s.frozen) throw refused('roll-frozen', `the roll was frozen on ${s.frozen.on} and its commitment published; later changes are flags, never edits`, { source: ART.rollPublication });
}

export function reasonGiven(text: string, field = 'reason'): void {
  if (text.trim().length === 0) throw refused('reason-required', `a ${field} is required`, { field });
}
