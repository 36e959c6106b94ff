import { eventRegistry } from '@grid/contracts';
import { sampleEnvelope } from './sample-envelope';

const by = { id: 'community-zhang', role: 'community-official' };
const sealed = { keyId: 'pdk1.k', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ciphertext: 'AAAA' };
const revoked = { householdId: 'h', personId: 'p', idHash: 'a'.repeat(64), diedOn: '2020-07-15', evidence: sealed, reopened: false, on: '2020-08-01', by };

describe('fields sealed since v2 (a birth date, a disability, a free-text reason)', () => {
  test('a v1 event is read at v2 as it was written, its clear reason kept', () => {
    const v1 = sampleEnvelope({ type: 'grid-records.resident.death-revoked', schemaVersion: 1, data: { ...revoked, reason: '同名误报' } });
    expect(eventRegistry.current(v1)).toMatchObject({ schemaVersion: 2, data: { reason: '同名误报' }, hash: v1.hash });
  });

  test('writers hold a sealed value; a sealed value with a clear sibling is refused', () => {
    expect(() => eventRegistry.validate('grid-records.resident.death-revoked', { ...revoked, reason: sealed })).not.toThrow();
    expect(() => eventRegistry.validate('grid-records.resident.death-revoked', { ...revoked, reason: { ...sealed, text: '同名误报' } })).toThrow();
  });

  test('a member registered at v1 (birth date in clear) reads at v2 with the date as written and its year beside it', () => {
    const member = { personId: 'p', relation: 'head', name: sealed, idNumber: sealed, idHash: 'a'.repeat(64), birthDate: '1952-03-14', sex: 'female' };
    const data = { householdId: 'h', gridId: 'g', address: sealed, registration: 'urban', headId: 'p', members: [member], on: '2020-01-10', by };
    const v1 = sampleEnvelope({ type: 'grid-records.household.registered', schemaVersion: 1, data });
    expect(eventRegistry.current(v1)).toMatchObject({ schemaVersion: 2, data: { members: [{ ...member, birthYear: 1952 }] }, hash: v1.hash });
    const added = sampleEnvelope({ type: 'grid-records.household.member-added', schemaVersion: 1, data: { householdId: 'h', member, on: '2020-02-01', by } });
    expect(eventRegistry.current(added)).toMatchObject({ schemaVersion: 2, data: { member: { birthDate: '1952-03-14', birthYear: 1952 } } });
  });

  test('a correction at v2 reads at v3 with its new birth date as written and its year; writers hold the date sealed', () => {
    const v2 = { householdId: 'h', personId: 'p', corrected: { idHash: 'b'.repeat(64), birthDate: '1950-08-12', sex: 'female' }, on: '2020-10-08', reason: sealed, by };
    const read = eventRegistry.current(sampleEnvelope({ type: 'grid-records.resident.details-corrected', schemaVersion: 2, data: v2 }));
    expect(read).toMatchObject({ schemaVersion: 3, data: { corrected: { birthDate: '1950-08-12', birthYear: 1950 } } });
    const phone = eventRegistry.current(sampleEnvelope({ type: 'grid-records.resident.details-corrected', schemaVersion: 2, data: { ...v2, corrected: { phone: sealed } } }));
    expect(phone.data).toEqual({ ...v2, corrected: { phone: sealed } });
    expect(() => eventRegistry.validate('grid-records.resident.details-corrected', { ...v2, corrected: { birthDate: sealed, birthYear: 1950 } })).not.toThrow();
  });

  test('an application at v1 (birth date in clear) reads at v2 with the date as written, its year, and its month only for 高龄', () => {
    const facts = { asOf: '2020-03-02', disabilityGrade: null, personPrograms: [], householdPrograms: [] };
    const data = { caseId: 'c', householdId: 'h', personId: 'p', coveredPersonIds: [], registration: 'urban', districtId: 'd', birthDate: '1938-04-02', class: null, appliedOn: '2020-03-02', officialRelative: false, facts, by };
    const v1 = (over: Record<string, unknown>) => sampleEnvelope({ type: 'grid-records.assistance.applied', schemaVersion: 1, data: { ...data, ...over } });
    const applied = (over: Record<string, unknown>) => eventRegistry.current(v1(over));
    const aged = v1({ program: 'advanced-age' });
    expect(eventRegistry.current(aged)).toMatchObject({ schemaVersion: 2, data: { birthDate: '1938-04-02', birthYear: 1938, birthMonth: '1938-04' }, hash: aged.hash });
    const child = applied({ program: 'orphan', birthDate: '2010-06-01' });
    expect(child.data).toMatchObject({ birthDate: '2010-06-01', birthYear: 2010 });
    expect(child.data).not.toHaveProperty('birthMonth');
    expect(applied({ program: 'minimum-living', personId: null, birthDate: null }).data).toMatchObject({ birthDate: null, birthYear: null });
    expect(() => eventRegistry.validate('grid-records.assistance.applied', { ...data, program: 'advanced-age', birthDate: sealed, birthYear: 1938, birthMonth: '1938-04' })).not.toThrow();
  });

  test('a disability certified at v1 (kind and grade in clear) reads at v2 unchanged', () => {
    const data = { householdId: 'h', personId: 'p', kind: 'hearing', grade: 3, previousGrade: null, certifiedOn: '2020-05-01', by };
    const v1 = sampleEnvelope({ type: 'grid-records.resident.disability-certified', schemaVersion: 1, data });
    expect(eventRegistry.current(v1)).toMatchObject({ schemaVersion: 2, data });
  });
});
