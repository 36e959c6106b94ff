// Events as grid-records writes them, appended to the harness store: names and birth dates sealed for real under the
// person's key in the vault the harness runs with (the public page opens names, the roll the birth dates of who turns
// 18 in the voting year), ID numbers stand in (elections never opens them).
import { randomBytes } from 'node:crypto';
import { personSubject } from '@grid/contracts';
import { MemoryDocumentStore, createPersonalDataVault, type EventStore } from '@grid/platform';
import { startServiceHarness } from '@grid/platform/service';
import { elections } from '../../src/definition';

/** The vault grid-records sealed with, and the elections service opens with (one per test file). */
export const vault = createPersonalDataVault({ documents: new MemoryDocumentStore(), masterKey: randomBytes(32) });
export const startElections = () => startServiceHarness(elections, { READ_SIDE: 'inline' }, { vault });
export const nameOf = (personId: string): string => `居民${personId}`;

const actor = { id: 'grid-worker-test', role: 'grid-worker' };
const sealed = (subject: string) => ({ keyId: `k-${subject}`, iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ciphertext: 'AAAA' });
const hash = (personId: string) => Buffer.from(personId.padEnd(32, '0')).toString('hex').slice(0, 64);

export async function appendGrid(store: EventStore, gridId: string, communityId: string): Promise<void> {
  const data = { regionId: gridId, level: 'grid', name: `网格${gridId}`, parentId: communityId, on: '2020-01-01', by: actor };
  await store.append(`region-${gridId}`, [{ type: 'grid-records.region.created', data, actor }], { expectedRevision: 'no-stream' });
}

/** A household in a grid with members born on the given days (v2: the date sealed, the year in clear); the first is the head. */
export async function appendHousehold(store: EventStore, householdId: string, gridId: string, members: [personId: string, birthDate: string][]): Promise<void> {
  const data = {
    householdId,
    gridId,
    address: sealed(householdId),
    registration: 'urban',
    headId: members[0]![0],
    members: await Promise.all(members.map(async ([personId, birthDate], i) => ({
      personId,
      relation: i === 0 ? 'head' : 'child',
      name: await vault.seal(personSubject(personId), nameOf(personId)),
      idNumber: sealed(personId),
      idHash: hash(personId),
      birthDate: await vault.seal(personSubject(personId), birthDate),
      birthYear: Number(birthDate.slice(0, 4)),
      sex: i % 2 === 0 ? 'female' : 'male',
    }))),
    on: '2015-03-01',
    by: actor,
  };
  await store.append(`household-${householdId}`, [{ type: 'grid-records.household.registered', schemaVersion: 2, data, actor }], { expectedRevision: 'no-stream' });
}

export async function appendDeath(store: EventStore, householdId: string, personId: string, diedOn: string): Promise<void> {
  const data = { householdId, personId, idHash: hash(personId), diedOn, evidence: 'death-certificate', by: actor };
  await store.append(`household-${householdId}`, [{ type: 'grid-records.resident.died', data, actor }], { expectedRevision: 0 });
}

export async function appendResidence(store: EventStore, householdId: string, personId: string, residence: { hukou: 'here' | 'elsewhere'; living: 'here' | 'away'; since: string }): Promise<void> {
  const data = { householdId, personId, ...residence, on: '2026-03-01', by: actor };
  await store.append(`household-${householdId}`, [{ type: 'grid-records.resident.residence-recorded', data, actor }], { expectedRevision: 'any' });
}

export async function appendDeprivation(store: EventStore, householdId: string, personId: string, from: string, until: string | null): Promise<void> {
  const official = { id: 'community-official-test', role: 'community-official' };
  const data = { householdId, personId, from, until, legalSource: '刑法 第五十四条', courtReference: '(2025)湘1103刑初88号', on: '2026-03-01', by: official };
  await store.append(`household-${householdId}`, [{ type: 'grid-records.resident.political-rights-deprived', data, actor: official }], { expectedRevision: 'any' });
}
