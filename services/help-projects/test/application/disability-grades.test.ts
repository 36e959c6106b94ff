// grid-records publishes a disability's grade sealed under the person's key: help-projects opens it for its rules.
import { randomBytes } from 'node:crypto';
import { personSubject } from '@grid/contracts';
import { MemoryDocumentStore, createPersonalDataVault } from '@grid/platform';
import { WHOM_TO_SERVE, withOpenGrades } from '../../src/application/disability-grades';
import { evaluate } from '../../src/domain/eligibility/evaluate';
import { ELDER, REGION_PATH, bathingRule, disabilityCertified, extremePovertyGranted, factsOf, registered } from '../domain/fixtures';

const ON = '2025-03-01';
const rule = { ...bathingRule, disabilityGradeAtMost: 2 };

async function sealedGrade(grade: number) {
  const vault = createPersonalDataVault({ documents: new MemoryDocumentStore(), masterKey: randomBytes(32) });
  const certified = disabilityCertified(grade);
  const data = certified.data as Record<string, unknown>;
  const sealed = { ...certified, data: { ...data, kind: await vault.seal(personSubject(ELDER), 'physical'), grade: await vault.seal(personSubject(ELDER), String(grade)) } };
  return { vault, facts: factsOf(registered(), extremePovertyGranted(), sealed as typeof certified) };
}

describe('disability grades sealed by grid-records (health data)', () => {
  test('a sealed grade is not known to the rule until the application opens it', async () => {
    const { vault, facts } = await sealedGrade(2);
    expect(evaluate(rule, facts, ON, REGION_PATH).unmet[ELDER]).toEqual(['disability-grade']);
    const [opened] = await withOpenGrades(vault, [facts]);
    expect(evaluate(rule, opened!, ON, REGION_PATH).eligible).toEqual([{ personId: ELDER, basis: ['case-tk'] }]);
  });

  test('each opening is recorded with its purpose and whose data it opened', async () => {
    const { vault, facts } = await sealedGrade(1);
    await withOpenGrades(vault, [facts]);
    const [record] = await vault.reveals('help-projects');
    expect(record).toMatchObject({ purpose: WHOM_TO_SERVE.purpose, subjects: [personSubject(ELDER)] });
  });

  test('after the person was erased the certificate is gone from the facts the rule reads', async () => {
    const { vault, facts } = await sealedGrade(2);
    await vault.shred(personSubject(ELDER));
    const [opened] = await withOpenGrades(vault, [facts]);
    expect(opened!.persons[ELDER]!.disability).toEqual({});
    expect(evaluate(rule, opened!, ON, REGION_PATH).unmet[ELDER]).toEqual(['disability-grade']);
  });
});
