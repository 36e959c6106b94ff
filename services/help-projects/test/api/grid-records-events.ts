// Events as grid-records writes them (sealed fields stand in: help-projects never opens them), appended to a store.
import { personSubject } from '@grid/contracts';
import type { EventStore, PersonalDataVault } from '@grid/platform';

const actor = { id: 'grid-worker-test', role: 'grid-worker' };
const sealed = (subject: string) => ({ keyId: `k-${subject}`, iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ciphertext: 'AAAA' });
const hash = (personId: string) => Buffer.from(personId.padEnd(32, '0')).toString('hex').slice(0, 64);

/** 区 d ⊃ 乡镇 t1 ⊃ 村 v1 ⊃ 网格 g1; t1 ⊃ 村 v2 ⊃ 网格 g2; d ⊃ 乡镇 t2 ⊃ 村 v3 ⊃ 网格 g3. */
export async function appendRegions(store: EventStore): Promise<void> {
  const tree = [
    ['d', 'district', null],
    ['t1', 'street', 'd'],
    ['t2', 'street', 'd'],
    ['v1', 'community', 't1'],
    ['v2', 'community', 't1'],
    ['v3', 'community', 't2'],
    ['g1', 'grid', 'v1'],
    ['g2', 'grid', 'v2'],
    ['g3', 'grid', 'v3'],
  ] as const;
  for (const [regionId, level, parentId] of tree) {
    const data = { regionId, level, name: `测试${regionId}`, parentId, on: '2020-01-01', by: actor };
    await store.append(`region-${regionId}`, [{ type: 'grid-records.region.created', data, actor }], { expectedRevision: 'no-stream' });
  }
}

const append = (store: EventStore, stream: string, type: string, data: Record<string, unknown>) => store.append(stream, [{ type, data, actor }], { expectedRevision: 'any' });

/**
 * A household in a grid with members born on the given days; the first is the head. With `vault`, as grid-records writes
 * it since v2: each birth date sealed under the person's key, the year in clear (else v1, the date in clear).
 */
export async function registerHousehold(store: EventStore, householdId: string, gridId: string, members: [personId: string, birthDate: string][], vault?: PersonalDataVault) {
  const born = async (personId: string, birthDate: string) =>
    vault ? { birthDate: await vault.seal(personSubject(personId), birthDate), birthYear: Number(birthDate.slice(0, 4)) } : { birthDate };
  const data = {
    householdId,
    gridId,
    address: sealed(householdId),
    registration: 'rural',
    headId: members[0]![0],
    members: await Promise.all(members.map(async ([personId, birthDate], i) => ({
      personId,
      relation: i === 0 ? 'head' : 'parent',
      name: sealed(personId),
      idNumber: sealed(personId),
      idHash: hash(personId),
      ...(await born(personId, birthDate)),
      sex: 'female',
    }))),
    on: '2015-03-01',
    by: actor,
  };
  return store.append(`household-${householdId}`, [{ type: 'grid-records.household.registered', schemaVersion: vault ? 2 : 1, data, actor }], { expectedRevision: 'any' });
}

/** 特困 granted to a person (失能 by default), as grid-records' approval of the case. */
export async function grantExtremePoverty(store: EventStore, householdId: string, personId: string, caseId: string, effectiveFrom: string, careLevel = 'disabled') {
  return append(store, `assistance-${caseId}`, 'grid-records.assistance.approved', {
    caseId,
    program: 'extreme-poverty',
    class: null,
    householdId,
    personId,
    coveredPersonIds: [personId],
    registration: 'rural',
    districtId: 'd',
    effectiveFrom,
    decidedOn: effectiveFrom,
    approverLevel: 'district',
    mode: 'dispersed',
    careLevel,
    nextReviewOn: null,
    officialRelative: false,
    by: actor,
  });
}

export async function endExtremePoverty(store: EventStore, householdId: string, personId: string, caseId: string, endedOn: string) {
  return append(store, `assistance-${caseId}`, 'grid-records.assistance.exited', { caseId, program: 'extreme-poverty', class: null, householdId, personId, endedOn, reason: '复核不再符合', by: actor });
}

export async function recordDeath(store: EventStore, householdId: string, personId: string, diedOn: string) {
  return append(store, `household-${householdId}`, 'grid-records.resident.died', { householdId, personId, idHash: hash(personId), diedOn, evidence: 'cremation-record', by: actor });
}

export async function moveOut(store: EventStore, householdId: string, gridId: string, memberIds: string[], on: string) {
  return append(store, `household-${householdId}`, 'grid-records.household.moved-out', { householdId, gridId, memberIds, on, by: actor });
}

export async function recordVisit(store: EventStore, householdId: string, personIds: string[], visitId: string, visitedOn: string) {
  return append(store, `household-${householdId}`, 'grid-records.visit.recorded', { visitId, householdId, personIds, visitedOn, kind: 'care', findings: ['all-well'], by: actor });
}

/** 失能老人免费助浴: 特困 or 低保 persons of 60 and over, 失能 or 半失能, in township t1. */
export const bathingRule = { subject: 'person', programs: ['extreme-poverty', 'minimum-living'], careLevels: ['disabled', 'semi-disabled'], minAge: 60, regionIds: ['t1'] };

/** What the charity service writes when it allocates money to a help project (charity.fund.allocated). */
export async function allocateToProject(store: EventStore, fundId: string, allocationId: string, projectId: string, amountFen: number, on: string, tx = 1) {
  const data = {
    tx,
    allocationId,
    recipient: { kind: 'project', projectId },
    regionPath: ['t1', 'd'],
    purpose: 'elderly-care',
    amountFen,
    restriction: null,
    entries: [
      { account: 'unrestricted', amountFen: -amountFen },
      { account: `allocated:${allocationId}`, amountFen },
    ],
    on,
    by: { id: 'charity-test', role: 'charity-staff' },
  };
  return store.append(`fund-${fundId}`, [{ type: 'charity.fund.allocated', data, actor: data.by }], { expectedRevision: 'any' });
}
