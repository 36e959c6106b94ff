import { eventRegistry } from '@grid/contracts';
import { sampleEnvelope } from './sample-envelope';

const by = { id: 'community-zhang', role: 'community-official' };
const sealed = { keyId: 'pdk1.k', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ciphertext: 'AAAA' };
const revoked = { householdId: 'h', personId: 'p', idHash: 'a'.repeat(64), diedOn: '2020-07-15', evidence: sealed, reopened: false, on: '2020-08-01', by };

describe('fields sealed since v2 (a disability, a free-text reason)', () => {
  test('a v1 event is read at v2 as it was written, its clear reason kept', () => {
    const v1 = sampleEnvelope({ type: 'grid-records.resident.death-revoked', schemaVersion: 1, data: { ...revoked, reason: '同名误报' } });
    expect(eventRegistry.current(v1)).toMatchObject({ schemaVersion: 2, data: { reason: '同名误报' }, hash: v1.hash });
  });

  test('writers hold a sealed value; a sealed value with a clear sibling is refused', () => {
    expect(() => eventRegistry.validate('grid-records.resident.death-revoked', { ...revoked, reason: sealed })).not.toThrow();
    expect(() => eventRegistry.validate('grid-records.resident.death-revoked', { ...revoked, reason: { ...sealed, text: '同名误报' } })).toThrow();
  });

  test('a disability certified at v1 (kind and grade in clear) reads at v2 unchanged', () => {
    const data = { householdId: 'h', personId: 'p', kind: 'hearing', grade: 3, previousGrade: null, certifiedOn: '2020-05-01', by };
    const v1 = sampleEnvelope({ type: 'grid-records.resident.disability-certified', schemaVersion: 1, data });
    expect(eventRegistry.current(v1)).toMatchObject({ schemaVersion: 2, data });
  });
});
