import { specFor } from '@grid/platform/decider';
import { assistanceDecider } from '../../../src/domain/assistance/decide';
import type { AssistanceCommand } from '../../../src/domain/assistance/types';
import { district, like, township } from '../fixtures';
import { after, apply, granted, historyOf, homeCheck, resume, suspend } from './assistance-fixtures';

const given = specFor(assistanceDecider);
const exit = (endedOn: string, reason = 'son found work: income above the line'): AssistanceCommand => ({
  type: 'exit',
  endedOn,
  reason,
  by: district,
});
const cancel = (endedOn: string, reason = 'found to be 人情保 by the discipline inspection'): AssistanceCommand => ({
  type: 'cancel',
  endedOn,
  reason,
  by: district,
});
const ref = { caseId: 'c-1', program: 'minimum-living' as const, class: 'B' as const, householdId: 'h-liu', personId: null };

describe('suspending and resuming (暂停 / 恢复)', () => {
  test('payments are suspended from a date while income is verified', () => {
    given(...granted())
      .when(suspend('2020-06-01'))
      .then({
        type: 'grid-records.assistance.suspended',
        data: { ...ref, on: '2020-06-01', reason: 'income under verification', by: township },
        occurredAt: '2020-06-01',
      });
  });

  test('suspending a suspended status is refused', () => {
    given(...after(granted(), suspend('2020-06-01')))
      .when(suspend('2020-07-01'))
      .thenRefuses('already-suspended');
  });

  test('suspending an application that is not granted is refused', () => {
    given(...historyOf(apply(), homeCheck()))
      .when(suspend('2020-06-01'))
      .thenRefuses('not-active');
  });

  test('a suspension dated before the status began is refused', () => {
    given(...granted())
      .when(suspend('2020-03-25'))
      .thenRefuses('date-out-of-order');
  });

  test('a suspension must give its reason', () => {
    given(...granted())
      .when({ type: 'suspend', on: '2020-06-01', reason: '', by: township })
      .thenRefuses('reason-required');
  });

  test('a suspended status resumes from a later date', () => {
    given(...after(granted(), suspend('2020-06-01')))
      .when(resume('2020-08-01'))
      .then({
        type: 'grid-records.assistance.resumed',
        data: { ...ref, on: '2020-08-01', reason: 'verified', by: township },
        occurredAt: '2020-08-01',
      });
  });

  test('resuming a status that is not suspended is refused', () => {
    given(...granted())
      .when(resume('2020-08-01'))
      .thenRefuses('not-suspended');
  });

  test('resuming on or before the day the suspension began is refused', () => {
    given(...after(granted(), suspend('2020-06-01')))
      .when(resume('2020-06-01'))
      .thenRefuses('date-out-of-order');
  });

  test('the folded status keeps each suspension’s days', () => {
    given(...after(granted(), suspend('2020-06-01'), resume('2020-08-01'))).thenState({
      stage: 'active',
      suspensions: [{ from: '2020-06-01', until: '2020-07-31' }],
    });
  });
});

describe('exit (退出) and cancellation (注销)', () => {
  test('a household that no longer qualifies exits on its last day in force', () => {
    given(...granted())
      .when(exit('2020-12-31'))
      .then({
        type: 'grid-records.assistance.exited',
        data: { ...ref, endedOn: '2020-12-31', reason: 'son found work: income above the line', by: district },
        occurredAt: '2020-12-31',
      });
  });

  test('a suspended status can exit', () => {
    given(...after(granted(), suspend('2020-06-01')))
      .when(exit('2020-06-30'))
      .thenMatches(like({ type: 'grid-records.assistance.exited' }));
  });

  test('an exit before the status began is refused: cancel it instead', () => {
    given(...granted())
      .when(exit('2020-03-31'))
      .thenRefuses('exit-before-grant');
  });

  test('an application cannot exit: it is rejected or cancelled', () => {
    given(...historyOf(apply()))
      .when(exit('2020-06-30'))
      .thenRefuses('not-active');
  });

  test('an exit must give its reason', () => {
    given(...granted())
      .when(exit('2020-12-31', ''))
      .thenRefuses('reason-required');
  });

  test('an exited status takes no further steps', () => {
    given(...after(granted(), exit('2020-12-31')))
      .when(suspend('2021-01-05'))
      .thenRefuses('case-closed');
  });

  test('an applicant withdraws the application', () => {
    given(...historyOf(apply()))
      .when(cancel('2020-03-04', 'applicant withdrew'))
      .then({
        type: 'grid-records.assistance.cancelled',
        data: { ...ref, class: null, endedOn: '2020-03-04', wasGranted: false, reason: 'applicant withdrew', by: district },
        occurredAt: '2020-03-04',
      });
  });

  test('a status obtained through favouritism is annulled from its start, so nothing paid was due', () => {
    given(...granted())
      .when(cancel('2020-03-31'))
      .then({
        type: 'grid-records.assistance.cancelled',
        data: { ...ref, endedOn: '2020-03-31', wasGranted: true, reason: 'found to be 人情保 by the discipline inspection', by: district },
        occurredAt: '2020-03-31',
      });
  });

  test('a cancellation must give its reason', () => {
    given(...granted())
      .when(cancel('2020-03-31', ''))
      .thenRefuses('reason-required');
  });

  test('a cancelled case cannot be cancelled again', () => {
    given(...after(granted(), cancel('2020-03-31')))
      .when(cancel('2020-03-31'))
      .thenRefuses('case-closed');
  });
});
