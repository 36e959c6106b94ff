import type { Decider } from '@grid/platform/decider';
import { apply, approve, decideObjection, publishNotice, raiseObjection, recordHomeCheck, reject, review } from './decide-application';
import { cancel, changeClass, completeReview, end, endCoverage, exit, flag, openPaymentReview, resume, suspend } from './decide-status';
import { evolveAssistance, initialAssistance } from './evolve';
import type { AssistanceCommand, AssistanceEvent, AssistanceState } from './types';
import { checkOccurred, checkPlanned } from '../shared/horizon';

/**
 * Which of a step's dates happened (not after today) and which may lie ahead (within the lead: an approval's or a
 * change's effective date); fields as the API names them. Commands the rules issue carry the dates of the events
 * they follow and are not checked here.
 */
function checkCalendar(cmd: AssistanceCommand): void {
  const h = cmd.horizon;
  switch (cmd.type) {
    case 'apply':
      return checkOccurred(cmd.appliedOn, h, 'appliedOn');
    case 'record-home-check':
    case 'review':
    case 'raise-objection':
    case 'decide-objection':
    case 'reject':
    case 'complete-review':
      return checkOccurred(cmd.on, h, 'effectiveDate');
    case 'approve':
      checkOccurred(cmd.decidedOn, h, 'decidedOn');
      return checkPlanned(cmd.effectiveFrom, h, 'effectiveDate');
    case 'publish-notice':
      return checkPlanned(cmd.from, h, 'effectiveDate');
    case 'change-class':
      return checkPlanned(cmd.effectiveFrom, h, 'effectiveDate');
    case 'suspend':
    case 'resume':
      return checkPlanned(cmd.on, h, 'effectiveDate');
    case 'exit':
    case 'cancel':
      return checkPlanned(cmd.endedOn, h, 'effectiveDate');
    case 'end':
    case 'end-coverage':
    case 'flag':
    case 'open-payment-review':
      return;
  }
}

/** One assistance case (申请 → status → end), stream `assistance-<caseId>`. */
export function decideAssistance(cmd: AssistanceCommand, s: AssistanceState): AssistanceEvent[] {
  checkCalendar(cmd);
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
    case 'open-payment-review':
      return openPaymentReview(cmd, s);
  }
}

export const assistanceDecider: Decider<AssistanceCommand, AssistanceEvent, AssistanceState> = {
  initialState: initialAssistance,
  decide: decideAssistance,
  evolve: evolveAssistance,
};
