// Roll entry hashes are the vault's keyed hash (idHash key) of `roll:<election>:<person>`, which a master-key rotation
// replaces (docs/audit.md, "Closing v1"). Each is computed once, when the voter is registered, and kept in the event:
// the root, the proofs and the roll read the stored hashes, never recompute them. So a roll published before a
// rotation keeps its entries, an entry added after hashes under the new key, and both prove inclusion in the root.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personSubject, verifyInclusion, type InclusionProof } from '@grid/contracts';
import {
  createPersonalDataVault,
  embeddedMasterKeyPath,
  loadConfig,
  loadMasterKey,
  MemoryDocumentStore,
  readMasterKeyFile,
  rotateMasterKey,
  type EventStore,
  type PersonalDataVault,
} from '@grid/platform';
import { startServiceHarness, type ServiceHarness } from '@grid/platform/service';
import type { ElectionsServices } from '../../src/composition';
import { elections } from '../../src/definition';
import { appendGrid } from './grid-records-events';
import { appendRegions, electionCall } from './regions';

const keys = new MemoryDocumentStore();
const dir = mkdtempSync(join(tmpdir(), 'elections-rotation-'));
const file = embeddedMasterKeyPath(dir);
let current = createPersonalDataVault({ documents: keys, masterKey: loadMasterKey(loadConfig({ DATA_DIR: dir })) });
/** The vault the service runs with: the same object before and after the rotation, its key swapped as a restart would. */
const vault: PersonalDataVault = {
  seal: (...a) => current.seal(...a),
  open: (...a) => current.open(...a),
  idHash: (...a) => current.idHash(...a),
  idRef: ((...a: Parameters<PersonalDataVault['idRef']>) => current.idRef(...a)) as PersonalDataVault['idRef'],
  proposeIdRef: (...a) => current.proposeIdRef(...a),
  recordIdRefs: (...a) => current.recordIdRefs(...a),
  withdrawIdRefs: (...a) => current.withdrawIdRefs(...a),
  forgetIdRefs: (...a) => current.forgetIdRefs(...a),
  shred: (...a) => current.shred(...a),
  reveal: (...a) => current.reveal(...a),
  reveals: (...a) => current.reveals(...a),
};

let h: ServiceHarness<ElectionsServices>;
let committee: string;
let id: string;
type Entry = { voterId: string; entryHash: string };
const actor = { id: 'grid-worker-test', role: 'grid-worker' };
const stand = (s: string) => ({ keyId: `k-${s}`, iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ciphertext: 'AAAA' });

async function appendHousehold(store: EventStore, householdId: string, people: string[]): Promise<void> {
  const members = await Promise.all(
    people.map(async (personId, i) => ({
      personId,
      relation: i === 0 ? 'head' : 'child',
      name: await vault.seal(personSubject(personId), `居民${personId}`),
      idNumber: stand(personId),
      idHash: Buffer.from(personId.padEnd(32, '0')).toString('hex').slice(0, 64),
      birthDate: '1975-02-01',
      sex: 'female',
    })),
  );
  const data = { householdId, gridId: 'g1', address: stand(householdId), registration: 'urban', headId: people[0], members, on: '2015-03-01', by: actor };
  await store.append(`household-${householdId}`, [{ type: 'grid-records.household.registered', data, actor }], { expectedRevision: 'no-stream' });
}

beforeAll(async () => {
  h = await startServiceHarness(elections, { READ_SIDE: 'inline' }, { vault });
  await appendRegions(h.infra.store);
  await appendGrid(h.infra.store, 'g1', 'c1');
  await appendHousehold(h.infra.store, 'h1', ['p1', 'p2', 'p3', 'p4', 'p5']);
  await h.service.caughtUp();
  committee = await h.token('election-committee', ['c1']);
  id = ((await h.post('/v1/elections', electionCall('c1'), committee)).json() as { id: string }).id;
  await h.post(`/v1/elections/${id}/audit`, { on: '2026-04-10', auditor: '街道经管站', reportRef: 'SJ-1' }, committee);
  expect((await h.post(`/v1/elections/${id}/roll/publish`, { on: '2026-05-20' }, committee)).statusCode).toBe(200);
  await appendHousehold(h.infra.store, 'h2', ['late1']);
  await h.service.caughtUp();
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

const entries = async () => ((await h.get(`/v1/elections/${id}/roll`, committee)).json() as { root: string | null; entries: Entry[] });

test('a roll published before a rotation keeps its entries; one added after hashes under the new key; all prove inclusion', async () => {
  const before = (await entries()).entries;
  const old = current;
  expect(before.map((e) => e.entryHash).sort()).toEqual(before.map((e) => old.idHash(`roll:${id}:${e.voterId}`)).sort());
  const lateUnderOld = old.idHash(`roll:${id}:late1`);

  await rotateMasterKey({ keys, file, beforeRotating: async () => undefined, record: async () => undefined });
  current = createPersonalDataVault({ documents: keys, masterKey: readMasterKeyFile(file)! });

  const raised = await h.post(`/v1/elections/${id}/roll/objections`, { grounds: '名单有误', kind: 'omitted', subjectId: 'late1', on: '2026-05-22' }, committee);
  expect((await h.post(`/v1/elections/${id}/roll/objections/${raised.json().id}/decision`, { on: '2026-05-24', upheld: true, reason: '经核实' }, committee)).statusCode).toBe(200);
  const after = (await entries()).entries;
  expect(after.filter((e) => e.voterId !== 'late1')).toEqual(before);
  const late = after.find((e) => e.voterId === 'late1')!;
  expect(late.entryHash).toBe(current.idHash(`roll:${id}:late1`));
  expect(late.entryHash).not.toBe(lateUnderOld);

  expect((await h.post(`/v1/elections/${id}/roll/freeze`, { on: '2026-05-26' }, committee)).statusCode).toBe(200);
  const { root } = await entries();
  for (const entry of [before[0]!, late]) {
    const proof = (await h.get(`/v1/elections/${id}/roll/proof?entry=${entry.entryHash}`, committee)).json() as InclusionProof;
    expect(proof.root).toBe(root);
    expect(verifyInclusion(proof)).toBe(true);
  }
});
