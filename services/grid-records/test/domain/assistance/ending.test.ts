import { specFor } from '@grid/platform/decider';
import { assistanceDecider } from '../../../src/domain/assistance/decide';
import type { AssistanceCommand, EndCause } from '../../../src/domain/assistance/types';
import { district, like, system, township } from '../fixtures';
import {
  GRANDDAUGHTER,
  GRANDMOTHER,
  SON,
  after,
  apply,
  applyFor,
  approve,
  granted,
  historyOf,
  homeCheck,
  reviewWithout,
} from './assistance-fixtures';

const given = specFor(assistanceDecider);
const end = (endedOn: string, cause: EndCause = 'death'): AssistanceCommand => ({ type: 'end', endedOn, cause, by: system });
const endCoverage = (personId: string, endedOn: string, cause: EndCause = 'death'): AssistanceCommand => ({
  type: 'end-coverage',
  personId,
  endedOn,
  cause,
  by: system,
});
const ref = { caseId: 'c-1', program: 'minimum-living' as const, class: 'B' as const, householdId: 'h-liu', personId: null };

/** 高龄补贴 for the grandmother, born 1938, in force from April 2020. */
const advancedAge = () => historyOf(applyFor('advanced-age', GRANDMOTHER, {}, { birthDate: '1938-04-02' }), reviewWithout(), approve());

describe('statuses ended by rule (death, moving out, 特困 granted, age)', () => {
  test('a recipient’s death ends her person status on the day she died', () => {
    given(...advancedAge())
      .when(end('2020-09-14'))
      .then({
        type: 'grid-records.assistance.ended',
        data: {
          caseId: 'c-1',
          program: 'advanced-age',
          class: null,
          householdId: 'h-liu',
          personId: GRANDMOTHER,
          endedOn: '2020-09-14',
          cause: 'death',
          by: system,
        },
        occurredAt: '2020-09-14',
      });
  });

  test('an application still in progress ends when the applicant dies', () => {
    given(...historyOf(applyFor('advanced-age', GRANDMOTHER, {}, { birthDate: '1938-04-02' })))
      .when(end('2020-03-10'))
      .thenMatches(like({ type: 'grid-records.assistance.ended' }));
  });

  test('ending a status again on the same or a later day changes nothing', () => {
    given(...after(advancedAge(), end('2020-09-14')))
      .when(end('2020-10-01', 'moved-out'))
      .thenNothing();
  });

  test('a death reported after the exit, but earlier than it, moves the end back to the day of death', () => {
    given(...after(advancedAge(), { type: 'exit', endedOn: '2020-12-31', reason: 'r', by: district }))
      .when(end('2020-06-30'))
      .thenMatches(like({ type: 'grid-records.assistance.ended', data: { endedOn: '2020-06-30', cause: 'death' } }));
  });

  test('after the late death the folded status ends on the day of death', () => {
    given(...after(advancedAge(), { type: 'exit', endedOn: '2020-12-31', reason: 'r', by: district }, end('2020-06-30'))).thenState({
      stage: 'ended',
      endedOn: '2020-06-30',
    });
  });

  test('a rejected application has nothing left to end', () => {
    given(
      ...historyOf(applyFor('advanced-age', GRANDMOTHER, {}, { birthDate: '1938-04-02' }), reviewWithout(), {
        type: 'reject',
        on: '2020-03-20',
        reason: 'r',
        by: district,
      }),
    )
      .when(end('2020-06-30'))
      .thenNothing();
  });

  test('ending a case that does not exist is refused', () => {
    given().when(end('2020-06-30')).thenRefuses('unknown-case');
  });
});

describe('a member of a 低保 household stops being covered', () => {
  test('the son’s death ends his coverage; the household keeps its status', () => {
    given(...granted())
      .when(endCoverage(SON, '2020-08-08'))
      .then({
        type: 'grid-records.assistance.coverage-ended',
        data: { ...ref, coveredPersonId: SON, endedOn: '2020-08-08', cause: 'death', by: system },
        occurredAt: '2020-08-08',
      });
  });

  test('when the last covered member dies the status ends on the last day anyone was covered', () => {
    given(...after(granted(), endCoverage(SON, '2020-08-08'), endCoverage(GRANDDAUGHTER, '2020-09-01', 'left-household')))
      .when(endCoverage(GRANDMOTHER, '2020-07-20'))
      .then(
        {
          type: 'grid-records.assistance.coverage-ended',
          data: { ...ref, coveredPersonId: GRANDMOTHER, endedOn: '2020-07-20', cause: 'death', by: system },
          occurredAt: '2020-07-20',
        },
        {
          type: 'grid-records.assistance.ended',
          data: { ...ref, endedOn: '2020-09-01', cause: 'death', by: system },
          occurredAt: '2020-09-01',
        },
      );
  });

  test('ending the coverage of someone the status does not cover is refused', () => {
    given(...granted())
      .when(endCoverage('p-stranger', '2020-08-08'))
      .thenRefuses('not-covered');
  });

  test('a person status has no covered members to end', () => {
    given(...advancedAge())
      .when(endCoverage(GRANDMOTHER, '2020-08-08'))
      .thenRefuses('not-a-household-program');
  });

  test('ending the same coverage again changes nothing', () => {
    given(...after(granted(), endCoverage(SON, '2020-08-08')))
      .when(endCoverage(SON, '2020-08-08'))
      .thenNothing();
  });

  test('a member who died during the application is not covered when the status is granted', () => {
    given(
      ...after(
        historyOf(apply(), homeCheck()),
        endCoverage(SON, '2020-03-06'),
        { type: 'review', on: '2020-03-10', recommended: true, class: 'B', by: township },
        { type: 'publish-notice', from: '2020-03-11', days: 7, by: township },
      ),
    )
      .when(approve())
      .thenMatches(like({ data: { coveredPersonIds: [GRANDMOTHER, GRANDDAUGHTER] } }));
  });

  test('a member’s death reported after the status ended, but before its end, still ends their coverage', () => {
    given(...after(granted(), { type: 'exit', endedOn: '2020-12-31', reason: 'r', by: district }))
      .when(endCoverage(SON, '2020-05-05'))
      .thenMatches(like({ type: 'grid-records.assistance.coverage-ended', data: { endedOn: '2020-05-05' } }));
  });
});
