import { eventRegistry, topicForStream } from '@grid/contracts';
import { householdDecider } from '../../src/domain/household/decide';
import { disclosureDecider } from '../../src/domain/household/disclosure';
import { followUpDecider } from '../../src/domain/household/registration-follow-up';
import { regionDecider } from '../../src/domain/region/decide';
import { gridRosterDecider } from '../../src/domain/region/grid-roster';
import { personDecider } from '../../src/domain/person/official-relative';
import { identityDecider } from '../../src/domain/identity/reservation';
import { visitDecider } from '../../src/domain/visits/decide';
import { auditQueryDecider } from '../../src/domain/audit/record-query';
import { erasureDecider } from '../../src/domain/household/erasure';
import { civicStandingDecider } from '../../src/domain/household/civic-standing';
import { historyOf, type Decider } from '@grid/platform/decider';
import {
  after,
  apply,
  applyFor,
  approve,
  changeClass,
  homeCheck,
  notice,
  review,
  reviewWithout,
  suspend,
  resume,
} from './assistance/assistance-fixtures';
import { communityOfficial, district, gridWorker, idHash, member, sealed, system, township } from './fixtures';
import { grandmother, register, son } from './household/household-fixtures';

/** Runs commands through a decider, returning every event it emitted. */
const run = <C, E, S>(d: Decider<C, E, S>, ...commands: C[]): E[] => historyOf(d, commands);

const emitted: { type: string; data: Record<string, unknown> }[] = [
  ...run(
    regionDecider,
    {
      type: 'create',
      regionId: 'cuizhuyuan',
      level: 'community',
      kind: 'community',
      name: '翠竹园社区',
      parentId: 'meiwan',
      parent: { level: 'street', closed: false, openedOn: '2019-01-01' },
      on: '2020-01-01',
      by: district,
    },
    { type: 'rename', name: '翠竹园', on: '2020-02-01', by: district },
    {
      type: 'move',
      toParentId: 'central',
      toParent: { level: 'street', closed: false, openedOn: '2019-01-01' },
      change: 'reorganisation',
      on: '2020-10-01',
      by: district,
    },
    {
      type: 'close',
      on: '2021-01-01',
      reason: '区划调整',
      mergedInto: 'lingyun',
      mergeTarget: { level: 'community', closed: false, openedOn: '2019-01-01' },
      openChildren: 0,
      households: 0,
      departed: [],
      workers: [{ workerId: 'worker-li', from: '2020-03-01', until: null }],
      by: district,
    },
  ),
  ...run(
    regionDecider,
    {
      type: 'create',
      regionId: 'g-1',
      level: 'grid',
      name: '第一网格',
      parentId: 'cuizhuyuan',
      parent: { level: 'community', closed: false, openedOn: '2020-01-01' },
      on: '2020-01-01',
      by: district,
    },
    { type: 'admit', householdId: 'h-1', field: 'gridId', on: '2020-03-01', by: gridWorker },
    { type: 'withdraw-admission', householdId: 'h-1', on: '2020-03-01', by: gridWorker },
  ),
  ...run(
    gridRosterDecider,
    {
      type: 'assign',
      gridId: 'g-1',
      workerId: 'worker-li',
      from: '2020-03-01',
      node: { level: 'grid', closed: false, openedOn: '2019-01-01' },
      by: communityOfficial,
    },
    { type: 'unassign', workerId: 'worker-li', until: '2020-12-31', by: communityOfficial },
  ),
  ...run(
    householdDecider,
    register(),
    {
      type: 'add-member',
      member: member('p-baby', 'grandchild', '2020-05-01'),
      birthDate: '2020-05-01',
      registeredElsewhere: false,
      on: '2020-05-02',
      by: gridWorker,
    },
    { type: 'remove-member', personId: 'p-baby', reason: 'other', on: '2020-05-03', by: gridWorker },
    {
      type: 'certify-disability',
      personId: son.personId,
      kind: 'physical',
      grade: 2,
      sealed: { kind: sealed('physical'), grade: sealed('2') },
      certificateNo: sealed('43110319650910xxxx'),
      certifiedOn: '2020-05-04',
      by: gridWorker,
    },
    {
      type: 'request-correction',
      personId: son.personId,
      correctionId: 'c-1',
      corrected: { phone: sealed('138') },
      unchanged: [],
      reason: sealed('typo'),
      evidence: sealed('本人申报'),
      on: '2020-05-05',
      by: gridWorker,
    },
    {
      type: 'request-correction',
      personId: son.personId,
      correctionId: 'c-2',
      corrected: { idNumber: sealed('id'), idHash: idHash(77), birthDate: '1965-09-12', sex: 'male' },
      unchanged: ['name'],
      reason: sealed('typo'),
      on: '2020-05-05',
      by: gridWorker,
    },
    { type: 'reject-correction', correctionId: 'c-2', personId: son.personId, reason: sealed('材料不符'), on: '2020-05-06', by: communityOfficial },
    {
      type: 'request-correction',
      personId: son.personId,
      correctionId: 'c-3',
      corrected: { name: sealed('刘建民') },
      unchanged: [],
      reason: sealed('typo'),
      on: '2020-05-07',
      by: gridWorker,
    },
    { type: 'confirm-correction', correctionId: 'c-3', personId: son.personId, on: '2020-05-08', by: communityOfficial },
    { type: 'transfer', toGridId: 'g-2', toGridOpenedOn: '2019-01-01', on: '2020-06-01', by: gridWorker },
    {
      type: 'record-death',
      personId: grandmother.personId,
      diedOn: '2020-07-01',
      evidence: 'death-certificate',
      newHeadId: son.personId,
      by: gridWorker,
    },
    { type: 'change-head', personId: 'p-liu-gd', on: '2020-08-01', by: gridWorker },
    { type: 'move-out', on: '2020-09-01', by: gridWorker },
  ),
  ...run(
    householdDecider,
    register([grandmother]),
    {
      type: 'record-death',
      personId: grandmother.personId,
      diedOn: '2020-07-01',
      evidence: 'visit-report',
      by: gridWorker,
    },
    {
      type: 'revoke-death',
      personId: grandmother.personId,
      reason: sealed('同名误报'),
      evidence: sealed('公安户籍核查 2020-118'),
      on: '2020-08-03',
      by: communityOfficial,
    },
  ),
  ...disclosureDecider.decide(
    { type: 'reveal-personal-data', view: 'history', reason: '纪委 special audit 2020-07', at: '2020-10-01T08:00:00.000Z', by: district },
    run(householdDecider, register()).reduce(disclosureDecider.evolve, disclosureDecider.initialState),
  ),
  ...followUpDecider.decide(
    { type: 'note-refused-registration', personId: son.personId, standing: 'member', on: '2020-10-02', by: gridWorker },
    run(householdDecider, register()).reduce(followUpDecider.evolve, followUpDecider.initialState),
  ),
  ...visitDecider.decide(
    {
      type: 'record-visit',
      visitId: 'v-1',
      personIds: [grandmother.personId],
      visitedOn: '2020-02-01',
      kind: 'routine',
      findings: ['all-well'],
      note: sealed('ok'),
      by: gridWorker,
    },
    run(householdDecider, register()).reduce(visitDecider.evolve, visitDecider.initialState),
  ),
  ...run(
    personDecider,
    {
      type: 'register-official-relative',
      registrationId: 'r-1',
      personId: son.personId,
      idHash: idHash(5),
      relation: 'sibling',
      official: {
        personId: 'p-official',
        name: sealed('某'),
        idNumber: sealed('id'),
        idHash: idHash(6),
        position: '副镇长',
        unit: '镇政府',
      },
      note: sealed('备注'),
      on: '2020-01-05',
      by: township,
    },
    { type: 'withdraw-official-relative', registrationId: 'r-1', cause: 'left-office', reason: '调离', on: '2021-01-05', by: district },
  ),
  ...run(
    identityDecider,
    {
      type: 'claim',
      idHash: idHash(8),
      householdId: 'h-liu',
      personId: 'p-x',
      holder: null,
      legacy: null,
      on: '2020-01-10',
      by: gridWorker,
    },
    {
      type: 'release',
      idHash: idHash(8),
      householdId: 'h-liu',
      personId: 'p-x',
      cause: 'member-removed',
      householdHolds: null,
      on: '2020-02-10',
      by: gridWorker,
    },
  ),
  ...after(
    [],
    apply(),
    homeCheck(),
    review({ class: 'C' }),
    notice(),
    { type: 'raise-objection', objectionId: 'o-1', on: '2020-03-12', grounds: 'g', by: communityOfficial },
    { type: 'decide-objection', objectionId: 'o-1', on: '2020-03-13', upheld: false, reason: 'r', by: township },
    approve(),
    changeClass('B'),
    { type: 'complete-review', on: '2020-08-01', by: township },
    suspend('2020-09-01'),
    resume('2020-10-01'),
    { type: 'flag', on: '2020-10-02', registrationId: 'r-1', by: system },
    { type: 'end-coverage', personId: 'p-liu-son', endedOn: '2020-10-05', cause: 'death', by: system },
    { type: 'exit', endedOn: '2020-12-31', reason: 'r', by: district },
  ),
  ...after(
    [],
    applyFor('advanced-age', 'p-liu-gm', {}, { birthDate: '1938-04-02' }),
    reviewWithout(),
    approve(),
    { type: 'end', endedOn: '2020-06-01', cause: 'death', by: system },
    { type: 'open-payment-review', personId: 'p-liu-gm', diedOn: '2020-06-01', revokedOn: '2020-07-01', by: system },
  ),
  ...after([], applyFor('disability-care', 'p-liu-son', {}, { disabilityGrade: 1 }), {
    type: 'reject',
    on: '2020-03-05',
    reason: 'r',
    by: district,
  }),
  ...after([], applyFor('temporary', 'p-liu-son', { amountFen: 1000 }), {
    type: 'cancel',
    endedOn: '2020-03-03',
    reason: 'withdrawn',
    by: township,
  }),
  ...historyOf(
    erasureDecider,
    [{ type: 'erase-person', personId: son.personId, legalBasis: 'retention-ended', reference: '冷民删字〔2026〕3号', on: '2026-12-01', by: district }],
    run(householdDecider, register(), { type: 'record-death', personId: son.personId, diedOn: '2024-06-15', evidence: 'death-certificate', by: gridWorker }),
  ).filter((e) => e.type === 'grid-records.resident.erased'),
  ...historyOf(
    civicStandingDecider,
    [
      { type: 'record-residence', personId: son.personId, hukou: 'elsewhere', living: 'here', since: '2024-02-01', on: '2026-03-01', by: gridWorker },
      { type: 'deprive-political-rights', personId: son.personId, from: '2025-06-01', until: null, legalSource: '刑法 第五十七条', courtReference: '(2025)湘1103刑初88号', on: '2026-03-01', by: communityOfficial },
      { type: 'restore-political-rights', personId: son.personId, legalSource: '刑法 第五十八条', reference: '湘1103执字12号', on: '2026-04-01', by: communityOfficial },
    ],
    run(householdDecider, register()),
  ).filter((e) => e.type.startsWith('grid-records.resident.')),
  ...run(auditQueryDecider, {
    type: 'record-audit-query',
    query: 'as-of',
    subject: { kind: 'household', id: 'h-liu' },
    parameters: { validAt: '2024-12-31', knownAt: '2025-01-01T00:00:00.000Z' },
    at: '2026-12-07T08:00:00.000Z',
    by: { id: 'auditor-qian', role: 'auditor' },
  }),
];

describe('what the deciders emit is what the contracts publish', () => {
  test.each(emitted.map((e) => [e.type, e] as const))('%s validates against its registered schema', (type, e) => {
    expect(() => eventRegistry.validate(type, e.data)).not.toThrow();
  });

  test('every published grid-records event type is emitted by some decider in these scenarios', () => {
    const types = new Set(emitted.map((e) => e.type));
    const published = eventRegistry.types().filter((t) => t.startsWith('grid-records.'));
    expect([...types].sort()).toEqual(published);
  });

  test('every stream category the service writes has a topic of grid-records', () => {
    expect(['region-a', 'grid-a', 'household-a', 'person-a', 'assistance-a'].map((s) => topicForStream(s))).toEqual([
      'grid-records.region.v1',
      'grid-records.grid.v1',
      'grid-records.household.v1',
      'grid-records.person.v1',
      'grid-records.assistance.v1',
    ]);
  });
});
