// grid-records publishes the birth date sealed and the year in clear: a rule's age is decided by the year, and the
// application opens the date only for who turns the rule's age in the year of the day judged.
import { randomBytes } from 'node:crypto';
import { personSubject } from '@grid/contracts';
import { MemoryDocumentStore, createPersonalDataVault } from '@grid/platform';
import { withBirthDatesFor } from '../../src/application/birth-dates';
import { WHOM_TO_SERVE } from '../../src/application/disability-grades';
import { evaluate } from '../../src/domain/eligibility/evaluate';
import { ELDER, REGION_PATH, SON, bathingRule, extremePovertyGranted, factsOf, registered } from '../domain/fixtures';

/** The registration with both members' birth dates sealed under their keys (the elder born 1940-03-15, the son 1970-05-01). */
async function sealedBirthDates() {
  const vault = createPersonalDataVault({ documents: new MemoryDocumentStore(), masterKey: randomBytes(32) });
  const event = registered();
  const data = event.data as { members: { personId: string; birthDate: unknown }[] };
  const members = await Promise.all(data.members.map(async (m) => ({ ...m, birthDate: await vault.seal(personSubject(m.personId), m.birthDate as string) })));
  const sealed = { ...event, data: { ...data, members } } as typeof event;
  return { vault, facts: factsOf(sealed, extremePovertyGranted()) };
}

describe('birth dates sealed by grid-records', () => {
  test('the year decides when the person does not turn the age that year: nothing opened', async () => {
    const { vault, facts } = await sealedBirthDates();
    const rule = { ...bathingRule, minAge: 80 };
    expect(evaluate(rule, facts, '2025-03-01', REGION_PATH).eligible).toEqual([{ personId: ELDER, basis: ['case-tk'] }]);
    expect(await withBirthDatesFor(vault, rule, '2025-03-01', [facts])).toEqual([facts]);
    expect(await vault.reveals('help-projects')).toEqual([]);
  });

  test('turning the age in that year, the date decides: opened for that person only, the reveal recorded', async () => {
    const { vault, facts } = await sealedBirthDates();
    const rule = { ...bathingRule, minAge: 85 };
    expect(evaluate(rule, facts, '2025-03-15', REGION_PATH).unmet[ELDER]).toEqual(['min-age']);
    const [before] = await withBirthDatesFor(vault, rule, '2025-03-14', [facts]);
    expect(evaluate(rule, before!, '2025-03-14', REGION_PATH).unmet[ELDER]).toEqual(['min-age']);
    const [on] = await withBirthDatesFor(vault, rule, '2025-03-15', [facts]);
    expect(evaluate(rule, on!, '2025-03-15', REGION_PATH).unmet[ELDER]).toEqual([]);
    expect(on!.persons[SON]!.birthDate).toEqual(facts.persons[SON]!.birthDate);
    const reveals = await vault.reveals('help-projects');
    expect(reveals.map((r) => ({ purpose: r.purpose, subjects: r.subjects }))).toEqual([
      { purpose: WHOM_TO_SERVE.purpose, subjects: [personSubject(ELDER)] },
      { purpose: WHOM_TO_SERVE.purpose, subjects: [personSubject(ELDER)] },
    ]);
  });

  test('after the person was erased their age on a borderline day stays unknown: the clause fails', async () => {
    const { vault, facts } = await sealedBirthDates();
    await vault.shred(personSubject(ELDER));
    const rule = { ...bathingRule, minAge: 85 };
    const [opened] = await withBirthDatesFor(vault, rule, '2025-06-01', [facts]);
    expect(evaluate(rule, opened!, '2025-06-01', REGION_PATH).unmet[ELDER]).toEqual(['min-age']);
  });
});
