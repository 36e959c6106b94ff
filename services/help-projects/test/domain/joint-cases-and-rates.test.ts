import { historyOf, specFor } from '@grid/platform/decider';
import { jointCaseDecider, type JointCaseCommand } from '../../src/domain/joint-case/joint-case';
import { benefitListRate, jointHandlingRate, visitCareRate } from '../../src/domain/rates/rates';
import { HOUSEHOLD, REGION_PATH, extremePovertyGranted, factsOf, member, operator, registered, visited } from './fixtures';

const given = specFor(jointCaseDecider);
const civil = member;
const health = { ...member, memberId: 'm-health-bureau' };
const open: JointCaseCommand = { type: 'open', caseId: 'jc-1', householdId: HOUSEHOLD, regionId: 'v-shixiping', need: 'medical', on: '2025-03-01', by: operator };
const assign = (stepId: string, m = civil, dueOn = '2025-03-15'): JointCaseCommand => ({ type: 'assign-step', stepId, member: m, task: '医疗救助申请', dueOn, on: '2025-03-01', by: operator });
const complete = (stepId: string, memberId: string, on = '2025-03-10'): JointCaseCommand => ({ type: 'complete-step', stepId, memberId, on, by: operator });

describe('救助一件事 joint cases', () => {
  test('the last of the steps done by two members handles the case jointly', () => {
    given(...historyOf(jointCaseDecider, [open, assign('s1'), assign('s2', health), complete('s1', civil.memberId)]))
      .when(complete('s2', health.memberId, '2025-03-20'))
      .thenMatches(
        { type: 'help-projects.joint-case.step-completed', data: expect.objectContaining({ stepId: 's2', late: true }) },
        { type: 'help-projects.joint-case.handled-jointly', data: expect.objectContaining({ caseId: 'jc-1', on: '2025-03-20', memberIds: [health.memberId, civil.memberId] }) },
      );
  });

  test('steps all done by one member are not a joint handling', () => {
    given(...historyOf(jointCaseDecider, [open, assign('s1'), assign('s2'), complete('s1', civil.memberId)]))
      .when(complete('s2', civil.memberId))
      .thenMatches({ type: 'help-projects.joint-case.step-completed' });
  });

  test('only the assigned member completes a step', () => {
    given(...historyOf(jointCaseDecider, [open, assign('s1')])).when(complete('s1', health.memberId)).thenRefuses('not-the-assignee');
  });

  test('a step goes to an active member only', () => {
    given(...historyOf(jointCaseDecider, [open])).when(assign('s1', { ...health, status: 'left' })).thenRefuses('member-not-active');
  });
});

describe('the three rates, each with the households behind its numbers', () => {
  const period = { regionId: 't-lengshuitan', from: '2025-01-01', to: '2025-12-31' };
  const regionPathOf = () => REGION_PATH;

  test('惠民联办率 counts cases opened in the period and handled jointly by its end', () => {
    const rows = [
      { caseId: 'a', householdId: 'h1', regionPath: REGION_PATH, openedOn: '2025-02-01', handledJointlyOn: '2025-03-01' },
      { caseId: 'b', householdId: 'h2', regionPath: REGION_PATH, openedOn: '2025-05-01', handledJointlyOn: null },
      { caseId: 'c', householdId: 'h3', regionPath: REGION_PATH, openedOn: '2024-12-31', handledJointlyOn: '2025-01-05' },
    ];
    expect(jointHandlingRate(rows, period)).toMatchObject({ numerator: 1, denominator: 2, households: { numerator: ['h1'], denominator: ['h1', 'h2'] } });
  });

  test('探访关爱率: a dispersed 特困 household visited in the period counts; one not visited shows in the denominator only', () => {
    const duty = factsOf(registered(), extremePovertyGranted());
    expect(visitCareRate([duty], period, regionPathOf)).toMatchObject({ numerator: 0, denominator: 1, households: { denominator: [HOUSEHOLD] } });
    expect(visitCareRate([factsOf(registered(), extremePovertyGranted(), visited('v1', '2025-04-01'))], period, regionPathOf)).toMatchObject({ numerator: 1, denominator: 1 });
    expect(visitCareRate([factsOf(registered())], period, regionPathOf)).toMatchObject({ numerator: 0, denominator: 0 });
  });

  test('幸福清单送达率: entitled households with a list delivered in the period', () => {
    const entitled = factsOf(registered(), extremePovertyGranted());
    expect(benefitListRate([entitled], [{ householdId: HOUSEHOLD, deliveredOn: '2024-12-01' }], period, regionPathOf)).toMatchObject({ numerator: 0, denominator: 1 });
    expect(benefitListRate([entitled], [{ householdId: HOUSEHOLD, deliveredOn: '2025-02-01' }], period, regionPathOf)).toMatchObject({ numerator: 1, denominator: 1, households: { numerator: [HOUSEHOLD] } });
  });
});
