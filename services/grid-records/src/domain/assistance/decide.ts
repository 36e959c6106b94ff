import type { Decider } from '@grid/platform/decider';
import { apply, approve, decideObjection, publishNotice, raiseObjection, recordHomeCheck, reject, review } from './decide-application';
import { cancel, changeClass, completeReview, end, endCoverage, exit, flag, resume, suspend } from './decide-status';
import { evolveAssistance, initialAssistance } from './evolve';
import type { AssistanceCommand, AssistanceEvent, AssistanceState } from './types';

/** One assistance case (申请 → status → end), stream `assistance-<caseId>`. */
export function decideAssistance(cmd: AssistanceCommand, s: AssistanceState): AssistanceEvent[] {
  switch (cmd.type) {
    case 'apply':
      return apply(cmd, s);
    case 'record-home-check':
      return recordHomeCheck(cmd, s);
    case 'review':
      return review(cmd, s);
    case 'publish-notice':
      return publishNotice(cmd, s);
    case 'raise-objection':
      return raiseObjection(cmd, s);
    case 'decide-objection':
      return decideObjection(cmd, s);
    case 'approve':
      return approve(cmd, s);
    case 'reject':
      return reject(cmd, s);
    case 'change-class':
      return changeClass(cmd, s);
    case 'complete-review':
      return completeReview(cmd, s);
    case 'suspend':
      return suspend(cmd, s);
    case 'resume':
      return resume(cmd, s);
    case 'exit':
      return exit(cmd, s);
    case 'cancel':
      return cancel(cmd, s);
    case 'end':
      return end(cmd, s);
    case 'end-coverage':
      return endCoverage(cmd, s);
    case 'flag':
      return flag(cmd, s);
  }
}

export const assistanceDecider: Decider<AssistanceCommand, AssistanceEvent, AssistanceState> = {
  initialState: initialAssistance,
  decide: decideAssistance,
  evolve: evolveAssistance,
};
