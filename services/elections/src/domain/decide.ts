import { authoriseProxy, publishProxies } from './proxies/decide-proxies';
import { nominate, publishCandidates } from './candidates/decide-candidates';
import { appointCommitteeMember, create, recordAudit, releaseCommitteeMember } from './decide-setup';
import type { ElectionEvent } from './events';
import { evolveElection, initialElection } from './evolve';
import type { Decider } from '@grid/platform/decider';
import { hearRecallDefence, recordRecallVote, requestRecall } from './recall/decide-recall';
import { declareRound } from './result/decide-result';
import { decideRollObjection, raiseRollObjection } from './roll/decide-objections';
import { freezeRoll } from './roll/decide-freeze';
import { decideRollApplication, fileRollApplication } from './roll/decide-applications';
import { publishRoll, recordLifeEvent, registerVoters, removeVoter } from './roll/decide-roll';
import type { ElectionCommand, ElectionState } from './types';
import { issueBallot, recordTally } from './voting/decide-voting';

/** One election, stream `election-<electionId>`: call, committee, audit, roll, candidates, proxies, voting, result, recall. */
export function decideElection(cmd: ElectionCommand, s: ElectionState): ElectionEvent[] {
  switch (cmd.type) {
    case 'create':
      return create(cmd, s);
    case 'appoint-committee-member':
      return appointCommitteeMember(cmd, s);
    case 'release-committee-member':
      return releaseCommitteeMember(cmd, s);
    case 'record-audit':
      return recordAudit(cmd, s);
    case 'register-voters':
      return registerVoters(cmd, s);
    case 'remove-voter':
      return removeVoter(cmd, s);
    case 'record-life-event':
      return recordLifeEvent(cmd, s);
    case 'publish-roll':
      return publishRoll(cmd, s);
    case 'raise-roll-objection':
      return raiseRollObjection(cmd, s);
    case 'decide-roll-objection':
      return decideRollObjection(cmd, s);
    case 'file-roll-application':
      return fileRollApplication(cmd, s);
    case 'decide-roll-application':
      return decideRollApplication(cmd, s);
    case 'freeze-roll':
      return freezeRoll(cmd, s);
    case 'nominate':
      return nominate(cmd, s);
    case 'publish-candidates':
      return publishCandidates(cmd, s);
    case 'authorise-proxy':
      return authoriseProxy(cmd, s);
    case 'publish-proxies':
      return publishProxies(cmd, s);
    case 'issue-ballot':
      return issueBallot(cmd, s);
    case 'record-tally':
      return recordTally(cmd, s);
    case 'declare-round':
      return declareRound(cmd, s);
    case 'request-recall':
      return requestRecall(cmd, s);
    case 'hear-recall-defence':
      return hearRecallDefence(cmd, s);
    case 'record-recall-vote':
      return recordRecallVote(cmd, s);
  }
}

export const electionDecider: Decider<ElectionCommand, ElectionEvent, ElectionState> = {
  initialState: initialElection,
  decide: decideElection,
  evolve: evolveElection,
};
