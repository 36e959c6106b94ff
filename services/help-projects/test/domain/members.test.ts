import { historyOf, specFor } from '@grid/platform/decider';
import { memberDecider, type MemberCommand } from '../../src/domain/consortium/member';
import { HOUSEHOLD, operator } from './fixtures';

const given = specFor(memberDecider);
const join: MemberCommand = { type: 'join', memberId: 'm-1', name: '石溪坪村民委员会', kind: 'department', level: 'village', regionId: 'v-shixiping', on: '2025-01-01', by: operator };
const deliver: MemberCommand = { type: 'deliver-benefit-list', deliveryId: 'd1', householdId: HOUSEHOLD, programs: ['extreme-poverty'], projectIds: [], on: '2025-02-01', by: operator };
const suspend: MemberCommand = { type: 'suspend', reason: '年度评估未通过', on: '2025-03-01', by: operator };

describe('助联体 members', () => {
  test('a member joins (入驻) once', () => {
    given(...historyOf(memberDecider, [join])).when(join).thenRefuses('already-joined');
  });

  test('an active member delivers a household its benefit list (幸福清单)', () => {
    given(...historyOf(memberDecider, [join])).when(deliver).thenMatches({ type: 'help-projects.consortium.benefit-list-delivered' });
  });

  test('a suspended member delivers nothing until reinstated', () => {
    given(...historyOf(memberDecider, [join, suspend])).when(deliver).thenRefuses('member-not-active');
    given(...historyOf(memberDecider, [join, suspend, { type: 'reinstate', on: '2025-04-01', by: operator }])).when(deliver).thenMatches({ type: 'help-projects.consortium.benefit-list-delivered' });
  });

  test('a member that left can do nothing more', () => {
    given(...historyOf(memberDecider, [join, { type: 'leave', reason: '主动退出', on: '2025-06-01', by: operator }])).when(suspend).thenRefuses('member-left');
  });
});
