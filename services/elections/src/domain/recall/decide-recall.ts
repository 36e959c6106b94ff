import { evt, type ElectionEvent } from '../events';
import { created, reasonGiven } from '../guards';
import { ART } from '../rules/articles';
import { refused } from '@grid/platform/decider';
import { atLeast, moreThan } from '../rules/shares';
import type { Election, ElectionCommand, ElectionState } from '../types';

type Cmd<T extends ElectionCommand['type']> = Extract<ElectionCommand, { type: T }>;

function recallOf(s: Election, recallId: string): { memberId: string; voted: boolean } {
  const recall = s.recalls.get(recallId);
  if (!recall) throw refused('unknown-recall', `no recall ${recallId}`, { field: 'recallId' });
  return recall;
}

/** 罢免 (Art 16): at least 1/5 of the voters or 1/3 of the representatives sign, with reasons, against an elected member. */
export function requestRecall(cmd: Cmd<'request-recall'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  if (s.recalls.has(cmd.recallId)) return [];
  if (s.outcome !== 'elected' || !s.elected.some((e) => e.candidateId === cmd.memberId)) {
    throw refused('not-an-elected-member', `${cmd.memberId} was not elected in this election`, { source: ART.recallRequest, field: 'memberId' });
  }
  reasonGiven(cmd.reasons, 'reasons');
  const { petition } = cmd;
  const share = petition.by === 'voters' ? s.rules.recallVoterShare : s.rules.recallRepresentativeShare;
  if (petition.of < 1 || petition.signatures > petition.of || !atLeast(petition.signatures, share.value, petition.of)) {
    throw refused('recall-petition-too-small', `${petition.signatures} of ${petition.of} ${petition.by}; at least ${share.value.num}/${share.value.den} must sign`, {
      source: share.source,
      field: 'petition',
    });
  }
  const { recallId, memberId, reasons, on, by } = cmd;
  const rule = { rule: petition.by === 'voters' ? 'recall-by-fifth-of-voters' : 'recall-by-third-of-representatives', source: share.source };
  return [evt('elections.election.recall-requested', { recallId, memberId, petition, reasons, on, rule, by }, on)];
}

export function hearRecallDefence(cmd: Cmd<'hear-recall-defence'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  if (recallOf(s, cmd.recallId).voted) throw refused('recall-voted', 'the recall has been voted');
  const { recallId, statementRef, on, by } = cmd;
  return [evt('elections.election.recall-defence-heard', { recallId, statementRef, on, by }, on)];
}

/** Valid when more than half of registered voters vote; passed with more than half of those voting (Art 16). */
export function recordRecallVote(cmd: Cmd<'record-recall-vote'>, state: ElectionState): ElectionEvent[] {
  const s = created(state);
  if (recallOf(s, cmd.recallId).voted) throw refused('recall-voted', 'the recall has been voted');
  const { recallId, on, registered, ballotsCast, yes, no, invalid, by } = cmd;
  if (yes + no + invalid !== ballotsCast || ballotsCast > registered) {
    throw refused('recall-count-does-not-reconcile', `yes ${yes} + no ${no} + invalid ${invalid} must equal ${ballotsCast} ballots cast, at most ${registered} registered`, { source: ART.recallVote });
  }
  const valid = moreThan(ballotsCast, s.rules.recallQuorum.value, registered);
  const passed = valid && moreThan(yes, s.rules.recallPassShare.value, ballotsCast);
  const rule = !valid
    ? { rule: 'recall-quorum-not-reached', source: s.rules.recallQuorum.source }
    : { rule: passed ? 'recall-passed' : 'recall-not-passed', source: s.rules.recallPassShare.source };
  return [evt('elections.election.recall-voted', { recallId, on, registered, ballotsCast, yes, no, invalid, valid, passed, rule, by }, on)];
}

