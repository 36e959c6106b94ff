import { addDays, minDate, type IsoMonth } from '../shared/dates';
import { PROGRAMS } from './programs';
import type { AssistanceEvent, AssistanceState } from './types';

export const initialAssistance: AssistanceState = {
  stage: 'none',
  caseId: '',
  program: 'minimum-living',
  householdId: '',
  personId: null,
  registration: 'urban',
  districtId: '',
  birthYear: null,
  birthMonth: null,
  class: null,
  terms: {},
  appliedOn: '0000-01-01',
  flagged: false,
  lastStepOn: '0000-01-01',
  review: null,
  notice: null,
  objections: [],
  grant: null,
  classHistory: [],
  suspensions: [],
  coverage: [],
  endedOn: null,
  lastChangeOn: '0000-01-01',
  nextReviewOn: null,
  paymentReviews: [],
};

/** An end moves only backwards: a later report of an earlier death shortens the status. */
const ended = (s: AssistanceState, stage: AssistanceState['stage'], on: string): AssistanceState => ({
  ...s,
  stage,
  endedOn: s.endedOn === null ? on : minDate(s.endedOn, on),
  suspensions: s.suspensions.map((p) => (p.until === null ? { ...p, until: on } : p)),
});

export function evolveAssistance(s: AssistanceState, e: AssistanceEvent): AssistanceState {
  switch (e.type) {
    case 'grid-records.assistance.applied': {
      const d = e.data;
      const { mode, careLevel, caregiverAgreement, institution, amountFen, veteranCategory } = d;
      return {
        ...initialAssistance,
        // Programs without a home check go straight to the township review.
        stage: PROGRAMS[d.program].homeCheck ? 'applied' : 'awaiting-review',
        caseId: d.caseId,
        program: d.program,
        householdId: d.householdId,
        personId: d.personId,
        registration: d.registration,
        districtId: d.districtId,
        birthYear: d.birthYear,
        birthMonth: (d.birthMonth as IsoMonth | undefined) ?? null,
        class: d.class,
        terms: Object.fromEntries(
          Object.entries({ mode, careLevel, caregiverAgreement, institution, amountFen, veteranCategory }).filter(
            ([, v]) => v !== undefined,
          ),
        ),
        appliedOn: d.appliedOn,
        flagged: d.officialRelative,
        lastStepOn: d.appliedOn,
        coverage: d.coveredPersonIds.map((personId) => ({ personId, until: null })),
      };
    }
    case 'grid-records.assistance.home-checked':
      return { ...s, stage: 'awaiting-review', lastStepOn: e.data.on };
    case 'grid-records.assistance.reviewed':
      return {
        ...s,
        stage: 'reviewed',
        lastStepOn: e.data.on,
        review: {
          on: e.data.on,
          by: e.data.by.id,
          recommended: e.data.recommended,
          class: e.data.class,
          ...(e.data.amountFen !== undefined ? { amountFen: e.data.amountFen } : {}),
        },
      };
    case 'grid-records.assistance.notice-published':
      return { ...s, stage: 'noticed', lastStepOn: e.data.from, notice: { from: e.data.from, until: e.data.until } };
    case 'grid-records.assistance.objection-raised':
      return { ...s, objections: [...s.objections, { objectionId: e.data.objectionId, raisedOn: e.data.on, decided: null }] };
    case 'grid-records.assistance.objection-decided': {
      const objections = s.objections.map((o) =>
        o.objectionId === e.data.objectionId ? { ...o, decided: { on: e.data.on, upheld: e.data.upheld } } : o,
      );
      // Upheld: back to township review; the old review and notice no longer stand.
      return e.data.upheld
        ? { ...s, objections, stage: 'awaiting-review', review: null, notice: null, lastStepOn: e.data.on }
        : { ...s, objections, lastStepOn: e.data.on };
    }
    case 'grid-records.assistance.approved': {
      const d = e.data;
      const { mode, careLevel, caregiverAgreement, institution, amountFen, veteranCategory } = d;
      const terms = Object.fromEntries(
        Object.entries({ mode, careLevel, caregiverAgreement, institution, amountFen, veteranCategory }).filter(([, v]) => v !== undefined),
      );
      return {
        ...s,
        stage: 'active',
        class: d.class,
        terms,
        lastStepOn: d.decidedOn,
        grant: { effectiveFrom: d.effectiveFrom, decidedOn: d.decidedOn, approverLevel: d.approverLevel },
        classHistory: d.class ? [{ from: d.effectiveFrom, class: d.class }] : [],
        coverage: s.coverage.filter((c) => d.coveredPersonIds.includes(c.personId)),
        lastChangeOn: d.effectiveFrom,
        nextReviewOn: d.nextReviewOn,
      };
    }
    case 'grid-records.assistance.rejected':
      return { ...s, stage: 'rejected', lastStepOn: e.data.on };
    case 'grid-records.assistance.class-changed':
      return {
        ...s,
        class: e.data.to,
        classHistory: [...s.classHistory, { from: e.data.effectiveFrom, class: e.data.to }],
        lastChangeOn: e.data.effectiveFrom,
        nextReviewOn: e.data.nextReviewOn,
      };
    case 'grid-records.assistance.review-completed':
      return { ...s, lastChangeOn: e.data.on, nextReviewOn: e.data.nextReviewOn };
    case 'grid-records.assistance.suspended':
      return { ...s, stage: 'suspended', suspensions: [...s.suspensions, { from: e.data.on, until: null }], lastChangeOn: e.data.on };
    case 'grid-records.assistance.resumed':
      return {
        ...s,
        stage: 'active',
        suspensions: s.suspensions.map((p) => (p.until === null ? { ...p, until: addDays(e.data.on, -1) } : p)),
        lastChangeOn: e.data.on,
      };
    case 'grid-records.assistance.exited':
      return ended(s, 'exited', e.data.endedOn);
    case 'grid-records.assistance.cancelled':
      return ended(s, 'cancelled', e.data.endedOn);
    case 'grid-records.assistance.ended':
      return ended(s, 'ended', e.data.endedOn);
    case 'grid-records.assistance.coverage-ended':
      return { ...s, coverage: s.coverage.map((c) => (c.personId === e.data.coveredPersonId ? { ...c, until: e.data.endedOn } : c)) };
    case 'grid-records.assistance.flagged':
      return { ...s, flagged: true };
    case 'grid-records.assistance.payment-review-opened': {
      const { revivedPersonId: personId, diedOn, revokedOn } = e.data;
      return { ...s, paymentReviews: [...s.paymentReviews, { personId, diedOn, revokedOn }] };
    }
  }
}
