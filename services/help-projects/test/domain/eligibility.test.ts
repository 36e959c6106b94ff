import { evaluate } from '../../src/domain/eligibility/evaluate';
import { bathingRule, disabilityCertified, ELDER, extremePovertyGranted, factsOf, REGION_PATH, registered, statusEnded, died, movedOut } from './fixtures';

const ON = '2025-03-01';

describe('eligibility: a rule over the household facts from grid-records', () => {
  test('a 失能 特困 elder of 85 in the township is eligible for 助浴, by her 特困 status', () => {
    const { eligible } = evaluate(bathingRule, factsOf(registered(), extremePovertyGranted()), ON, REGION_PATH);
    expect(eligible).toEqual([{ personId: ELDER, basis: ['case-tk'] }]);
  });

  test('a 特困 elder who cares for herself is not: the rule names the care level', () => {
    const { eligible, unmet } = evaluate(bathingRule, factsOf(registered(), extremePovertyGranted('ev-g', 'case-tk', '2025-01-01', 'self-care')), ON, REGION_PATH);
    expect(eligible).toEqual([]);
    expect(unmet[ELDER]).toEqual(['care-level']);
  });

  test('before the status takes effect and after it ended nobody is eligible', () => {
    const facts = factsOf(registered(), extremePovertyGranted('ev-g', 'case-tk', '2025-04-01'), statusEnded('ev-end', '2025-09-30'));
    expect(evaluate(bathingRule, facts, ON, REGION_PATH).unmet[ELDER]).toContain('programs');
    expect(evaluate(bathingRule, facts, '2025-09-30', REGION_PATH).eligible).toHaveLength(1);
    expect(evaluate(bathingRule, facts, '2025-10-01', REGION_PATH).unmet[ELDER]).toContain('programs');
  });

  test('the son of 54 fails the age clause; 60 is counted from the birthday', () => {
    const rule = { ...bathingRule, programs: [], careLevels: undefined };
    const { unmet } = evaluate(rule, factsOf(registered()), ON, REGION_PATH);
    expect(unmet['p-zhang-son']).toEqual(['min-age']);
    expect(evaluate({ ...rule, minAge: 85 }, factsOf(registered()), '2025-03-14', REGION_PATH).unmet[ELDER]).toEqual(['min-age']);
    expect(evaluate({ ...rule, minAge: 85 }, factsOf(registered()), '2025-03-15', REGION_PATH).unmet[ELDER]).toEqual([]);
  });

  test('a disability grade clause admits grades 1 to the bound: grade 2 passes "at most 2", grade 3 does not', () => {
    const rule = { ...bathingRule, disabilityGradeAtMost: 2 };
    expect(evaluate(rule, factsOf(registered(), extremePovertyGranted(), disabilityCertified(2)), ON, REGION_PATH).eligible).toHaveLength(1);
    expect(evaluate(rule, factsOf(registered(), extremePovertyGranted(), disabilityCertified(3)), ON, REGION_PATH).unmet[ELDER]).toEqual(['disability-grade']);
  });

  test('a household outside the project regions, dead or moved out is not eligible', () => {
    const facts = factsOf(registered(), extremePovertyGranted());
    expect(evaluate(bathingRule, facts, ON, ['g-other', 't-other']).unmet[ELDER]).toEqual(['region']);
    expect(evaluate(bathingRule, factsOf(registered(), extremePovertyGranted(), died('2025-02-10', '2025-02-11T00:00:00Z')), ON, REGION_PATH).unmet[ELDER]).toEqual(['alive']);
    expect(evaluate(bathingRule, factsOf(registered(), extremePovertyGranted(), movedOut('2025-02-10')), ON, REGION_PATH).unmet[ELDER]).toEqual(['in-district']);
  });

  test('a household project (善居工程) admits the household when one member meets the person clauses', () => {
    const rule = { ...bathingRule, subject: 'household' as const };
    expect(evaluate(rule, factsOf(registered(), extremePovertyGranted()), ON, REGION_PATH).eligible).toEqual([{ personId: null, basis: ['case-tk'] }]);
    expect(evaluate(rule, factsOf(registered()), ON, REGION_PATH).unmet['']).toEqual(['programs', 'care-level', 'min-age']);
  });
});
