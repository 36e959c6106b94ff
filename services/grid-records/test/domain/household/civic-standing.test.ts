import { specFor } from '@grid/platform/decider';
import { civicStandingDecider, type CivicStandingCommand } from '../../../src/domain/household/civic-standing';
import { communityOfficial, gridWorker } from '../fixtures';
import { died, registered, son } from './household-fixtures';

const given = specFor(civicStandingDecider);
const residence = (since: string, hukou: 'here' | 'elsewhere' = 'here', living: 'here' | 'away' = 'away'): CivicStandingCommand => ({
  type: 'record-residence',
  personId: son.personId,
  hukou,
  living,
  since,
  on: '2026-03-01',
  by: gridWorker,
});
const judgment = { legalSource: '刑法 第五十四条', courtReference: '(2025)湘1103刑初88号' };
const deprive = (over: Partial<Extract<CivicStandingCommand, { type: 'deprive-political-rights' }>> = {}): CivicStandingCommand => ({
  type: 'deprive-political-rights',
  personId: son.personId,
  from: '2025-06-01',
  until: '2028-06-01',
  ...judgment,
  on: '2026-03-01',
  by: communityOfficial,
  ...over,
});
const restore: CivicStandingCommand = { type: 'restore-political-rights', personId: son.personId, legalSource: '刑法 第五十八条', reference: '湘1103执字12号', on: '2028-06-01', by: communityOfficial };
const deprived = {
  type: 'grid-records.resident.political-rights-deprived' as const,
  data: { householdId: 'h-liu', personId: son.personId, from: '2025-06-01', until: '2028-06-01', ...judgment, on: '2026-03-01', by: communityOfficial },
  occurredAt: '2026-03-01',
};

describe('户籍与居住 (村民委员会组织法 第十三条)', () => {
  test('a grid worker records a resident registered here who lives away, since a date', () => {
    given(registered())
      .when(residence('2024-02-01'))
      .then({
        type: 'grid-records.resident.residence-recorded',
        data: { householdId: 'h-liu', personId: son.personId, hukou: 'here', living: 'away', since: '2024-02-01', on: '2026-03-01', by: gridWorker },
        occurredAt: '2026-03-01',
      });
  });

  test('a residence that begins after the day it is recorded is refused', () => {
    given(registered()).when(residence('2026-03-02')).thenRefuses('since-in-future', { field: 'since' });
  });

  test('a resident no longer on the register has no residence to record', () => {
    given(registered(), died(son.personId, '2025-01-01', son.idHash)).when(residence('2024-02-01')).thenRefuses('not-on-register');
  });
});

describe('剥夺与恢复政治权利', () => {
  test('an official records the deprivation with its legal source and court reference', () => {
    given(registered()).when(deprive()).then(deprived);
  });

  test('the court reference names the judgment, never an ID number', () => {
    given(registered()).when(deprive({ courtReference: '431103196509100011' })).thenRefuses('personal-data-in-reference', { field: 'courtReference' });
  });

  test('a term that ends before it begins is refused', () => {
    given(registered()).when(deprive({ until: '2025-06-01' })).thenRefuses('until-before-from', { field: 'until' });
  });

  test('one already deprived is not deprived twice', () => {
    given(registered(), deprived).when(deprive()).thenRefuses('already-deprived');
  });

  test('restoration is recorded only for one deprived', () => {
    given(registered()).when(restore).thenRefuses('not-deprived');
    given(registered(), deprived)
      .when(restore)
      .then({
        type: 'grid-records.resident.political-rights-restored',
        data: { householdId: 'h-liu', personId: son.personId, legalSource: '刑法 第五十八条', reference: '湘1103执字12号', on: '2028-06-01', by: communityOfficial },
        occurredAt: '2028-06-01',
      });
  });
});
