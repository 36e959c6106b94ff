// A 特困 elderly person in a village of the demo district, a 助浴 project for disabled elderly, and the grid-records
// events help-projects learns the household's facts from.
import type { Actor, EligibilityRule, Member } from '@grid/contracts';
import { historyOf, specFor } from '@grid/platform/decider';
import type { MemberFacts } from '../../src/domain/consortium/member';
import type { GridRecordsFact } from '../../src/domain/facts/evolve-facts';
import { foldFacts } from '../../src/domain/facts/fold-facts';
import type { HouseholdFacts } from '../../src/domain/facts/household-facts';
import { projectDecider } from '../../src/domain/project/project-decider';
import type { ProjectCommand, ProjectEvent } from '../../src/domain/project/types';

export const operator: Actor = { id: 'op-village-1', role: 'system' };
export const HOUSEHOLD = 'h-zhang';
export const ELDER = 'p-zhang-grandma';
export const SON = 'p-zhang-son';
export const GRID = 'g-shixiping-1';
/** The grid and the regions above it: village, township, county. */
export const REGION_PATH = [GRID, 'v-shixiping', 't-lengshuitan', 'c-county'];
export const member: MemberFacts = { memberId: 'm-red-cross', status: 'active', level: 'township', regionId: 't-lengshuitan' };

const sealed = { keyId: 'k', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ct: 'AA==' } as unknown as Member['name'];
const person = (personId: string, birthDate: string, relation: Member['relation']): Member => ({
  personId,
  relation,
  name: sealed,
  idNumber: sealed,
  idHash: 'a'.repeat(64),
  birthDate,
  birthYear: Number(birthDate.slice(0, 4)),
  sex: 'female',
});

let recorded = 0;
/** A grid-records event as read off the bus; `recordedAt` defaults to a day after the event's date. */
function fact<T extends GridRecordsFact['type']>(eventId: string, type: T, data: Extract<GridRecordsFact, { type: T }>['data'], recordedAt?: string): GridRecordsFact {
  recorded += 1;
  return { eventId, type, data, recordedAt: recordedAt ?? `2025-0${1 + (recorded % 9)}-01T00:00:00Z` } as GridRecordsFact;
}

export const registered = (on = '2020-01-01') =>
  fact('ev-registered', 'grid-records.household.registered', {
    householdId: HOUSEHOLD,
    gridId: GRID,
    address: sealed,
    registration: 'rural',
    headId: SON,
    members: [person(SON, '1970-05-01', 'head'), person(ELDER, '1940-03-15', 'parent')],
    on,
    by: operator,
  });

export const extremePovertyGranted = (eventId = 'ev-tk-granted', caseId = 'case-tk', from = '2025-01-01', careLevel: 'disabled' | 'self-care' = 'disabled') =>
  fact(eventId, 'grid-records.assistance.approved', {
    caseId,
    program: 'extreme-poverty',
    class: null,
    householdId: HOUSEHOLD,
    personId: ELDER,
    coveredPersonIds: [ELDER],
    registration: 'rural',
    districtId: 'c-county',
    effectiveFrom: from,
    decidedOn: from,
    approverLevel: 'district',
    mode: 'dispersed',
    careLevel,
    nextReviewOn: null,
    officialRelative: false,
    by: operator,
  });

export const statusEnded = (eventId = 'ev-tk-ended', endedOn = '2025-09-30', caseId = 'case-tk') =>
  fact(eventId, 'grid-records.assistance.exited', { caseId, program: 'extreme-poverty', class: null, householdId: HOUSEHOLD, personId: ELDER, endedOn, reason: '复核不再符合', by: operator });

export const died = (diedOn: string, recordedAt: string, eventId = 'ev-died', personId = ELDER) =>
  fact(eventId, 'grid-records.resident.died', { householdId: HOUSEHOLD, personId, idHash: 'a'.repeat(64), diedOn, evidence: 'cremation-record', by: operator }, recordedAt);

export const movedOut = (on: string, eventId = 'ev-moved-out') =>
  fact(eventId, 'grid-records.household.moved-out', { householdId: HOUSEHOLD, gridId: GRID, memberIds: [SON, ELDER], on, by: operator });

export const disabilityCertified = (grade: number, certifiedOn = '2024-06-01', eventId = 'ev-disability') =>
  fact(eventId, 'grid-records.resident.disability-certified', { householdId: HOUSEHOLD, personId: ELDER, kind: 'physical', grade, previousGrade: null, certifiedOn, by: operator });

export const visited = (visitId: string, visitedOn: string) =>
  fact(`ev-${visitId}`, 'grid-records.visit.recorded', { visitId, householdId: HOUSEHOLD, personIds: [ELDER], visitedOn, kind: 'care', findings: ['all-well'], by: operator });

export const factsOf = (...events: GridRecordsFact[]): HouseholdFacts => foldFacts(events).get(HOUSEHOLD)!;

/** 失能老人免费助浴: 特困 or 低保 persons of 60 and over, 失能, in the township. */
export const bathingRule: EligibilityRule = {
  subject: 'person',
  programs: ['extreme-poverty', 'minimum-living'],
  careLevels: ['disabled', 'semi-disabled'],
  minAge: 60,
  regionIds: ['t-lengshuitan'],
};

type Cmd<T extends ProjectCommand['type']> = Extract<ProjectCommand, { type: T }>;
export const PROJECT = 'pr-bathing';

export const publish = (over: Partial<Cmd<'publish'>> = {}): Cmd<'publish'> => ({
  type: 'publish',
  projectId: PROJECT,
  member,
  title: '失能老人免费助浴',
  category: 'bathing',
  rule: bathingRule,
  capacity: 2,
  from: '2025-01-01',
  until: '2025-12-31',
  on: '2025-01-02',
  by: operator,
  ...over,
});

export const credit = (amountFen = 100_000, allocationId = 'alloc-1'): Cmd<'credit-budget'> => ({ type: 'credit-budget', allocationId, amountFen, on: '2025-01-03', by: operator });

export const enrol = (facts: HouseholdFacts, over: Partial<Cmd<'enrol'>> = {}): Cmd<'enrol'> => ({
  type: 'enrol',
  enrolmentId: 'en-1',
  householdId: HOUSEHOLD,
  personId: ELDER,
  consent: { givenBy: 'guardian', on: '2025-02-01', documentRef: '知情同意书-001' },
  facts,
  regionPath: REGION_PATH,
  on: '2025-02-01',
  by: operator,
  ...over,
});

export const serve = (facts: HouseholdFacts, servedOn: string, over: Partial<Cmd<'record-service'>> = {}): Cmd<'record-service'> => ({
  type: 'record-service',
  serviceId: `sv-${servedOn}`,
  enrolmentId: 'en-1',
  personId: ELDER,
  member,
  servedOn,
  personTimes: 1,
  costFen: 5_000,
  facts,
  on: servedOn,
  by: operator,
  ...over,
});

export const applyFacts = (facts: HouseholdFacts, on = '2025-12-01'): Cmd<'apply-household-facts'> => ({ type: 'apply-household-facts', facts, on, by: operator });

export const given = specFor(projectDecider);
export const after = (...commands: ProjectCommand[]): ProjectEvent[] => historyOf(projectDecider, commands);

/** The household when the 助浴 project starts: registered, 特困 失能 from 2025-01-01. */
export const baseFacts = () => factsOf(registered(), extremePovertyGranted());
