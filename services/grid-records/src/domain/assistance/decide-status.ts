import { refused } from '@grid/platform/decider';
import { levelOf, checkDecider } from './approval';
import { PROGRAMS } from './programs';
import { coverageEnd, currentEnd, isFinal, isInForceStage, nextReview, notBefore, ref, requireCase, requireReason } from './status';
import { evt } from '../shared/events';
import { maxDate } from '../shared/dates';
import type { AssistanceCommand, AssistanceEvent, AssistanceState } from './types';

type Cmd<T extends AssistanceCommand['type']> = Extract<AssistanceCommand, { type: T }>;

/** A granted, running status; one-off grants have nothing to change. */
function requireInForce(s: AssistanceState, allowSuspended: boolean): void {
  requireCase(s);
  if (!isInForceStage(s) || (!allowSuspended && s.stage === 'suspended'))
    throw refused('not-active', `the status is ${s.stage}, not in force`);
  if (PROGRAMS[s.program].oneOff) throw refused('one-off', `${PROGRAMS[s.program].term} is paid once; there is nothing to change`);
}

const earliestChange = (s: AssistanceState) => maxDate(s.grant!.effectiveFrom, s.lastChangeOn);

/** 提标 (C→B, B→A, C→A) or 降档: a district decision from a date; the review calendar restarts. */
export function changeClass(cmd: Cmd<'change-class'>, s: AssistanceState): AssistanceEvent[] {
  requireCase(s);
  const def = PROGRAMS[s.program];
  if (!def.classes) throw refused('class-not-applicable', `${def.term} has no classes`, { field: 'to' });
  requireInForce(s, false);
  if (cmd.to === s.class) throw refused('same-class', `the status is already class ${cmd.to}`, { field: 'to' });
  requireReason(cmd.reason);
  notBefore(cmd.effectiveFrom, earliestChange(s), 'a class change', 'effectiveFrom');
  checkDecider(s, cmd.by.role);
  const from = s.class!;
  return [
    evt(
      'grid-records.assistance.class-changed',
      {
        ...ref(s),
        class: cmd.to,
        from,
        to: cmd.to,
        // A is the highest class: 'A' < 'B' < 'C' as strings, so a smaller letter is an upgrade.
        direction: cmd.to < from ? 'up' : 'down',
        effectiveFrom: cmd.effectiveFrom,
        nextReviewOn: nextReview(s, cmd.to, cmd.effectiveFrom),
        reason: cmd.reason,
        by: cmd.by,
      },
      cmd.effectiveFrom,
    ),
  ];
}

/** 复核 found nothing to change: the next review date follows the calendar. */
export function completeReview(cmd: Cmd<'complete-review'>, s: AssistanceState): AssistanceEvent[] {
  requireCase(s);
  const def = PROGRAMS[s.program];
  if (!def.reviewMonths) throw refused('no-review-calendar', `${def.term} has no periodic review`);
  requireInForce(s, true);
  if (!levelOf(cmd.by.role))
    throw refused('township-review-required', 'the township or sub-district reviews (复核)', { source: def.source, field: 'by.role' });
  notBefore(cmd.on, earliestChange(s), 'the review', 'on');
  return [
    evt(
      'grid-records.assistance.review-completed',
      { ...ref(s), on: cmd.on, nextReviewOn: nextReview(s, s.class, cmd.on)!, by: cmd.by },
      cmd.on,
    ),
  ];
}

/** 暂停: not in force from `on` until resumed. */
export function suspend(cmd: Cmd<'suspend'>, s: AssistanceState): AssistanceEvent[] {
  requireCase(s);
  if (s.stage === 'suspended') throw refused('already-suspended', `suspended since ${s.suspensions.at(-1)?.from}`);
  requireInForce(s, false);
  requireReason(cmd.reason);
  notBefore(cmd.on, earliestChange(s), 'a suspension', 'on');
  return [evt('grid-records.assistance.suspended', { ...ref(s), on: cmd.on, reason: cmd.reason, by: cmd.by }, cmd.on)];
}

/** 恢复: in force again from `on`. */
export function resume(cmd: Cmd<'resume'>, s: AssistanceState): AssistanceEvent[] {
  requireCase(s);
  if (s.stage !== 'suspended') throw refused('not-suspended', `the status is ${s.stage}`);
  requireReason(cmd.reason);
  const since = s.suspensions.at(-1)!.from;
  if (cmd.on <= since) throw refused('date-out-of-order', `suspended from ${since}: resume after that`, { field: 'on' });
  return [evt('grid-records.assistance.resumed', { ...ref(s), on: cmd.on, reason: cmd.reason, by: cmd.by }, cmd.on)];
}

/** 退出: the recipient no longer qualifies; `endedOn` is the last day in force. */
export function exit(cmd: Cmd<'exit'>, s: AssistanceState): AssistanceEvent[] {
  requireInForce(s, true);
  requireReason(cmd.reason);
  if (cmd.endedOn < s.grant!.effectiveFrom) {
    throw refused('exit-before-grant', `the status started ${s.grant!.effectiveFrom}; to annul it from the start, cancel it`, {
      field: 'endedOn',
    });
  }
  return [evt('grid-records.assistance.exited', { ...ref(s), endedOn: cmd.endedOn, reason: cmd.reason, by: cmd.by }, cmd.endedOn)];
}

/**
 * 注销: withdraws an application or annuls a status (e.g. found to be 人情保); `endedOn` may precede the
 * grant, in which case it was never in force and everything paid is recoverable.
 */
export function cancel(cmd: Cmd<'cancel'>, s: AssistanceState): AssistanceEvent[] {
  requireCase(s);
  requireReason(cmd.reason);
  return [
    evt(
      'grid-records.assistance.cancelled',
      { ...ref(s), endedOn: cmd.endedOn, wasGranted: s.grant !== null, reason: cmd.reason, by: cmd.by },
      cmd.endedOn,
    ),
  ];
}

/**
 * Ends a status or pending application by rule (death, moving out, 特困 granted, age). Repeats are no-ops;
 * an earlier date than the current end (a death reported after an exit) moves the end back.
 */
export function end(cmd: Cmd<'end'>, s: AssistanceState): AssistanceEvent[] {
  if (s.stage === 'none') throw refused('unknown-case', 'no such assistance case');
  if (s.grant === null && isFinal(s)) return [];
  const current = currentEnd(s);
  if (current !== null && cmd.endedOn >= current) return [];
  return [evt('grid-records.assistance.ended', { ...ref(s), endedOn: cmd.endedOn, cause: cmd.cause, by: cmd.by }, cmd.endedOn)];
}

/**
 * One covered member stops being covered (death, moving away). When nobody is covered any more the status
 * ends on the last day anyone was.
 */
export function endCoverage(cmd: Cmd<'end-coverage'>, s: AssistanceState): AssistanceEvent[] {
  if (s.stage === 'none') throw refused('unknown-case', 'no such assistance case');
  if (PROGRAMS[s.program].subject !== 'household')
    throw refused('not-a-household-program', `${PROGRAMS[s.program].term} covers one person: end it instead`);
  if (!s.coverage.some((c) => c.personId === cmd.personId))
    throw refused('not-covered', `${cmd.personId} is not covered by this status`, { field: 'personId' });
  if (s.grant === null && isFinal(s)) return [];
  const current = coverageEnd(s, cmd.personId);
  if (current !== null && cmd.endedOn >= current) return [];
  const events: AssistanceEvent[] = [
    evt(
      'grid-records.assistance.coverage-ended',
      { ...ref(s), coveredPersonId: cmd.personId, endedOn: cmd.endedOn, cause: cmd.cause, ...(cmd.rule ?? {}), by: cmd.by },
      cmd.endedOn,
    ),
  ];
  const untils = s.coverage.map((c) => (c.personId === cmd.personId ? cmd.endedOn : coverageEnd(s, c.personId)));
  if (untils.every((u) => u !== null)) {
    const last = untils.reduce((a, b) => maxDate(a!, b!))!;
    const caseEnd = currentEnd(s);
    if (caseEnd === null || last < caseEnd)
      events.push(evt('grid-records.assistance.ended', { ...ref(s), endedOn: last, cause: cmd.cause, by: cmd.by }, last));
  }
  return events;
}

/**
 * A revoked death (撤销死亡登记) that had ended this status or the person's coverage in it: the payments stopped from the
 * death to the revocation are opened for review, once per revoked death. The status itself stays ended.
 */
export function openPaymentReview(cmd: Cmd<'open-payment-review'>, s: AssistanceState): AssistanceEvent[] {
  if (s.stage === 'none') throw refused('unknown-case', 'no such assistance case');
  if (s.paymentReviews.some((r) => r.personId === cmd.personId && r.diedOn === cmd.diedOn)) return [];
  const endedByDeath =
    s.personId === cmd.personId ? s.endedOn === cmd.diedOn : s.coverage.some((c) => c.personId === cmd.personId && c.until === cmd.diedOn);
  if (s.grant === null || !endedByDeath)
    throw refused('not-ended-by-death', `this status was not ended by ${cmd.personId}'s death on ${cmd.diedOn}`, { field: 'personId' });
  return [
    evt(
      'grid-records.assistance.payment-review-opened',
      { ...ref(s), revivedPersonId: cmd.personId, diedOn: cmd.diedOn, revokedOn: cmd.revokedOn, by: cmd.by },
      cmd.revokedOn,
    ),
  ];
}

/** 近亲属备案 registered while the case is open: from now on the district decides. */
export function flag(cmd: Cmd<'flag'>, s: AssistanceState): AssistanceEvent[] {
  if (s.stage === 'none') throw refused('unknown-case', 'no such assistance case');
  if (s.flagged || isFinal(s)) return [];
  return [evt('grid-records.assistance.flagged', { ...ref(s), on: cmd.on, registrationId: cmd.registrationId, by: cmd.by }, cmd.on)];
}
