import { MemoryDocumentStore, MemoryEventStore, rebuildProjection } from '@grid/platform';
import type { Sealed } from '@grid/contracts';
import { OfficialRelativeLookup } from '../../src/projections/official-relatives/official-relative-lookup';
import { officialRelativesProjection } from '../../src/projections/official-relatives/official-relatives.projection';
import { append, clerk, hash } from './events';

let store: MemoryEventStore;
let docs: MemoryDocumentStore;
let filings: OfficialRelativeLookup;
const sealed = (label: string): Sealed => ({ keyId: 'k', iv: 'AAAA', tag: 'AAAA', ciphertext: Buffer.from(label).toString('base64') });
const official = (n: number) => ({
  personId: `p-official-${n}`,
  name: sealed('official'),
  idHash: hash(n),
  position: '副镇长',
  unit: '镇政府',
});
const file = (registrationId: string, n: number) =>
  append(store, 'person-p1', 'grid-records.official-relative.registered', {
    registrationId,
    personId: 'p1',
    idHash: hash(1),
    relation: 'sibling',
    official: official(n),
    on: '2020-01-05',
    by: clerk,
  });
const project = () => rebuildProjection({ projection: officialRelativesProjection, docs, store });

beforeEach(() => {
  store = new MemoryEventStore();
  docs = new MemoryDocumentStore();
  filings = new OfficialRelativeLookup(docs);
});

describe('official_relatives read model (近亲属备案)', () => {
  it('keeps each filing sealed as filed, and a withdrawal beside it; the person stream’s revision is the largest', async () => {
    await file('r-1', 7);
    await file('r-2', 8);
    await append(store, 'person-p1', 'grid-records.official-relative.withdrawn', {
      registrationId: 'r-1',
      personId: 'p1',
      cause: 'left-office',
      reason: '调离',
      on: '2021-01-01',
      by: clerk,
    });
    await project();
    expect(await filings.byId('r-1')).toMatchObject({
      personId: 'p1',
      official: official(7),
      note: null,
      status: 'withdrawn',
      withdrawal: { on: '2021-01-01', cause: 'left-office', reason: '调离', by: clerk },
      revision: 2,
    });
    expect((await filings.ofPerson('p1')).map((f) => [f.registrationId, f.status])).toEqual([
      ['r-1', 'withdrawn'],
      ['r-2', 'in-force'],
    ]);
    expect(await filings.streamRevision('p1')).toBe(2);
    expect(await filings.streamRevision('nobody')).toBe(-1);
  });
});
