// Closing v1 (docs/audit.md): before the master key is rotated, every number the log records by its v1 hash gets its
// id-refs row, from whichever of its sealed copies opens; one that does not open is counted, never a reason to stop.
import { createPersonalDataVault, MemoryDocumentStore, MemoryEventStore, type PersonalDataVault } from '@grid/platform';
import { adoptV1IdNumbers } from '../../src/application/v1-adoption';
import { idNumber } from './people';

const worker = { id: 'worker-li', role: 'grid-worker' } as const;
const N = idNumber('43110319520314002');
const M = idNumber('43110319500802003');
const K = idNumber('43110319700101011');
let store: MemoryEventStore;
let vault: PersonalDataVault;

beforeEach(() => {
  store = new MemoryEventStore();
  vault = createPersonalDataVault({ documents: new MemoryDocumentStore(), masterKey: Buffer.alloc(32, 5) });
});

/** A grid-records event holding `number` sealed under `sealedFor`'s key, beside its v1 hash, for `personId`. */
async function recorded(stream: string, personId: string, number: string, sealedFor = personId) {
  const data = { person: { personId, idNumber: await vault.seal(`person:${sealedFor}`, number), idHash: vault.idHash(number) } };
  await store.append(stream, [{ type: 'grid-records.test.recorded', data, actor: worker }], { expectedRevision: 'any' });
}

describe('adopting the v1 numbers', () => {
  it('adopts a number from a later copy when its first copy is erased (a filing official’s own key shredded)', async () => {
    await recorded('person-a', 'official-1', N);
    await vault.shred('person:official-1');
    await recorded('household-a', 'p-1', N);
    expect(await adoptV1IdNumbers(store, vault)).toEqual({ adopted: 1, skipped: 0 });
    expect(await vault.idRef(N, { create: false })).toBe(vault.idHash(N));
  });

  it('skips a copy that does not open (sealed for another subject), counting the numbers no copy opened', async () => {
    await recorded('household-a', 'p-2', M, 'p-9');
    await recorded('household-b', 'p-2', M);
    await recorded('household-c', 'p-3', K, 'p-9');
    expect(await adoptV1IdNumbers(store, vault)).toEqual({ adopted: 1, skipped: 1 });
    expect(await vault.idRef(M, { create: false })).toBe(vault.idHash(M));
    expect(await vault.idRef(K, { create: false })).toBeNull();
  });
});
