import { specFor } from '@grid/platform/decider';
import type { ProgramCode } from '@grid/contracts';
import { assistanceDecider } from '../../../src/domain/assistance/decide';
import { PROGRAMS } from '../../../src/domain/assistance/programs';
import type { AssistanceCommand } from '../../../src/domain/assistance/types';
import { LENGSHUITAN_2020_11 } from '../../../src/domain/standards/default-standards';
import { like } from '../fixtures';
import { GRANDMOTHER, SON, applyFor, approve, historyOf, homeCheck, noticed, notice, review } from './assistance-fixtures';

const given = specFor(assistanceDecider);
// Seed 002's district: a grant is paid from the month after the decision (次月起发放).
const { grantStart } = LENGSHUITAN_2020_11;
const decided = (effectiveFrom: string, decidedOn = '2020-03-20'): AssistanceCommand => approve({ decidedOn, effectiveFrom, grantStart });

/** A person program's case through every step its program has, up to the decision. */
function readyToDecide(program: ProgramCode, personId: string, facts = {}, terms = {}) {
  const def = PROGRAMS[program];
  return historyOf(
    applyFor(program, personId, terms, facts),
    ...(def.homeCheck ? [homeCheck()] : []),
    review({ class: undefined }),
    ...(def.notice ? [notice()] : []),
  );
}

describe('a grant takes effect as the standards set rules (seed 002: the month after the decision)', () => {
  test('低保 decided on 20 March takes effect on 1 April', () => {
    given(...noticed()).when(decided('2020-04-01')).thenMatches(like({ data: { effectiveFrom: '2020-04-01' } }));
  });

  test('低保 effective on 15 April is refused: April would be paid in full for half a month', () => {
    given(...noticed())
      .when(decided('2020-04-15'))
      .thenRefuses('grant-start', { field: 'effectiveDate', source: grantStart.source });
  });

  test('低保 effective in the month of its decision is refused', () => {
    given(...noticed()).when(decided('2020-03-25')).thenRefuses('grant-start');
  });

  test('特困 follows the same rule', () => {
    given(...readyToDecide('extreme-poverty', GRANDMOTHER, { birthDate: '1938-04-02' }, { mode: 'dispersed', careLevel: 'self-care' }))
      .when(decided('2020-03-21'))
      .thenRefuses('grant-start', { source: grantStart.source });
  });

  test('the disability care subsidy follows it too', () => {
    given(...readyToDecide('disability-care', SON, { disabilityGrade: 2 }))
      .when(decided('2020-03-20'))
      .thenRefuses('grant-start', { source: grantStart.source });
  });

  test('临时救助 is paid once, on its decision: no month rule', () => {
    given(...readyToDecide('temporary', SON, {}, { amountFen: 100_000 }))
      .when(approve({ decidedOn: '2020-03-20', effectiveFrom: '2020-03-20', grantStart }))
      .thenMatches(like({ data: { program: 'temporary', effectiveFrom: '2020-03-20' } }));
  });
});
