import type { householdMemberRemoved, householdMovedOut, residentDeathRevoked, residentDied } from '@grid/contracts';
import { PROGRAMS } from '../assistance/programs';
import type { EndCause } from '../assistance/types';
import type { IsoDate } from '../shared/dates';
import type { DataOf } from '../shared/events';
import { RULES_ACTOR, caseStream, coverageEndsEarlier, endsEarlier, type CaseView, type Issued } from './types';

/** End a person's statuses, or their coverage in household statuses, from a date. */
function endFor(personId: string, on: IsoDate, cause: EndCause, cases: Iterable<CaseView>): Issued[] {
  const issued: Issued[] = [];
  for (const c of cases) {
    if (PROGRAMS[c.program].subject === 'person') {
      if (c.personId === personId && endsEarlier(c, on))
        issued.push({ streamId: caseStream(c.caseId), command: { type: 'end', endedOn: on, cause, by: RULES_ACTOR } });
    } else if (coverageEndsEarlier(c, personId, on)) {
      issued.push({ streamId: caseStream(c.caseId), command: { type: 'end-coverage', personId, endedOn: on, cause, by: RULES_ACTOR } });
    }
  }
  return issued;
}

/**
 * A death ends the person's statuses at `diedOn` (the last day in force), however late it is reported:
 * seed 002's subsidies kept running after unreported deaths. A household status loses the member and
 * ends when nobody is covered any more.
 */
export const onResidentDied = (died: DataOf<typeof residentDied>, cases: Iterable<CaseView>): Issued[] =>
  endFor(died.personId, died.diedOn, 'death', cases);

/** Moving out of the district ends every status of the household and its members on the move date. */
export function onHouseholdMovedOut(moved: DataOf<typeof householdMovedOut>, cases: Iterable<CaseView>): Issued[] {
  const all = [...cases];
  const household = all.filter(
    (c) => c.householdId === moved.householdId && PROGRAMS[c.program].subject === 'household' && endsEarlier(c, moved.on),
  );
  return [
    ...household.map((c) => ({
      streamId: caseStream(c.caseId),
      command: { type: 'end' as const, endedOn: moved.on, cause: 'moved-out' as const, by: RULES_ACTOR },
    })),
    ...moved.memberIds.flatMap((personId) =>
      endFor(
        personId,
        moved.on,
        'moved-out',
        all.filter((c) => PROGRAMS[c.program].subject === 'person'),
      ),
    ),
  ];
}

/**
 * 撤销死亡登记: the statuses the death ended stay ended (a new application decides what follows), but the payments they
 * stopped between the death and the revocation are a task for an official: each such status opens a payment review.
 */
export function onDeathRevoked(revoked: DataOf<typeof residentDeathRevoked>, cases: Iterable<CaseView>): Issued[] {
  const { personId, diedOn, on } = revoked;
  return [...cases]
    .filter((c) => c.grant !== null && !c.paymentReviews.some((r) => r.personId === personId && r.diedOn === diedOn))
    .filter((c) =>
      c.personId === personId
        ? c.stage === 'ended' && c.endedOn === diedOn
        : c.householdId === revoked.householdId && c.coverage.some((m) => m.personId === personId && m.until === diedOn),
    )
    .map((c) => ({
      streamId: caseStream(c.caseId),
      command: { type: 'open-payment-review' as const, personId, diedOn, revokedOn: on, by: RULES_ACTOR },
    }));
}

/** A member who leaves the household stops being covered by its household statuses; their own statuses stay. */
export function onMemberRemoved(removed: DataOf<typeof householdMemberRemoved>, cases: Iterable<CaseView>): Issued[] {
  const household = [...cases].filter((c) => c.householdId === removed.householdId && PROGRAMS[c.program].subject === 'household');
  return endFor(removed.personId, removed.on, 'left-household', household);
}
