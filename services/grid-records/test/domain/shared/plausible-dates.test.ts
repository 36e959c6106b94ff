import { specFor } from '@grid/platform/decider';
import { assistanceDecider } from '../../../src/domain/assistance/decide';
import { householdDecider } from '../../../src/domain/household/decide';
import type { HouseholdCommand } from '../../../src/domain/household/types';
import { regionDecider } from '../../../src/domain/region/decide';
import type { RegionCommand } from '../../../src/domain/region/types';
import type { Horizon } from '../../../src/domain/shared/horizon';
import { visitDecider } from '../../../src/domain/visits/decide';
import { apply, approve, noticed } from '../assistance/assistance-fixtures';
import { district, gridWorker, sealed } from '../fixtures';
import { grandmother, register, registered, son } from '../household/household-fixtures';

// The Liu household's grid g-1 was set up on 2019-01-01; "today" is 2020-06-15 with a 31-day lead.
const horizon: Horizon = { today: '2020-06-15', leadDays: 31 };
const households = specFor(householdDecider);
const regions = specFor(regionDecider);
const visits = specFor(visitDecider);
const cases = specFor(assistanceDecider);

const dated = (cmd: HouseholdCommand): HouseholdCommand => ({ ...cmd, horizon });
const certify = (certifiedOn: string) =>
  dated({ type: 'certify-disability', personId: son.personId, kind: 'physical', grade: 2, sealed: { kind: sealed('physical'), grade: sealed('2') }, certifiedOn, birthDate: '1965-09-10', by: gridWorker });
const createNode = (on: string, over: Partial<Extract<RegionCommand, { type: 'create' }>> = {}): RegionCommand => ({
  type: 'create',
  regionId: 'cuizhuyuan',
  level: 'community',
  name: '翠竹园社区',
  parentId: 'meiwan',
  parent: { level: 'street', closed: false, openedOn: '2019-01-01' },
  on,
  by: district,
  horizon,
  ...over,
});

describe('dates a grid worker can record: nothing far ahead, nothing before the record it belongs to', () => {
  test('a household registered within the lead is accepted', () => {
    households()
      .when(register(undefined, { on: '2020-07-15', horizon }))
      .thenMatches({ type: 'grid-records.household.registered' });
  });

  test('a registration dated 2100-12-31 is refused, naming the date field', () => {
    households()
      .when(register(undefined, { on: '2100-12-31', horizon }))
      .thenRefuses('date-beyond-lead', { field: 'on' });
  });

  test('a registration before the grid was set up is refused', () => {
    households()
      .when(register(undefined, { on: '2018-06-01', gridOpenedOn: '2019-01-01', horizon }))
      .thenRefuses('before-region-opened', { field: 'on' });
  });

  test('a head change dated 2100-12-31 is refused', () => {
    households(registered())
      .when(dated({ type: 'change-head', personId: son.personId, on: '2100-12-31', by: gridWorker }))
      .thenRefuses('date-beyond-lead', { field: 'on' });
  });

  test('a disability certificate dated before its holder was born is refused', () => {
    households(registered()).when(certify('1960-01-01')).thenRefuses('before-birth', { field: 'certifiedOn' });
  });

  test('a disability certificate dated tomorrow is refused: it is recorded once issued', () => {
    households(registered()).when(certify('2020-06-16')).thenRefuses('date-in-future', { field: 'certifiedOn' });
  });

  test('a death dated after today is refused', () => {
    households(registered())
      .when(dated({ type: 'record-death', personId: son.personId, diedOn: '2020-06-20', evidence: 'death-certificate', by: gridWorker }))
      .thenRefuses('date-in-future', { field: 'diedOn' });
  });

  test('a visit dated 2100-12-31 is refused: a visit is recorded after it took place', () => {
    visits(registered())
      .when({
        type: 'record-visit',
        visitId: 'v-1',
        personIds: [grandmother.personId],
        visitedOn: '2100-12-31',
        kind: 'care',
        findings: ['all-well'],
        by: gridWorker,
        horizon,
      })
      .thenRefuses('date-in-future', { field: 'visitedOn' });
  });

  test('an application dated 2100-12-31 is refused', () => {
    cases()
      .when(apply({ appliedOn: '2100-12-31', horizon }))
      .thenRefuses('date-in-future', { field: 'appliedOn' });
  });

  test('an approval may take effect ahead of today, within the lead', () => {
    cases(...noticed())
      .when(approve({ decidedOn: '2020-06-15', effectiveFrom: '2020-07-01', horizon }))
      .thenMatches({ type: 'grid-records.assistance.approved' });
  });

  test('a region node dated 9999-12-31 is refused', () => {
    regions().when(createNode('9999-12-31')).thenRefuses('date-beyond-lead', { field: 'on' });
  });

  test('a district dated 0000-01-01 is refused: the register keeps nothing before 1949-10-01', () => {
    regions()
      .when(createNode('0000-01-01', { regionId: 'lengshuitan', level: 'district', parentId: null, parent: undefined }))
      .thenRefuses('date-before-records', { field: 'on' });
  });

  test('a community dated before its street was set up is refused', () => {
    regions().when(createNode('2018-12-31')).thenRefuses('before-region-opened', { field: 'on' });
  });
});
