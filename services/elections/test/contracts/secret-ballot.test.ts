// The ballot is secret (Art 15: 无记名投票): no event of this service may carry who a voter is together with
// what anyone chose. Every field name of every elections schema must be classified below; a new field fails
// this test until someone decides which it is.
import { eventRegistry } from '@grid/contracts';
import { z } from 'zod';

/** Fields that say who a person taking part is. */
const PERSON = new Set(['voterId', 'principalId', 'proxyId', 'entryHash', 'subjectId', 'memberId']);
/** Fields that say what was chosen, or for whom. */
const CHOICE = new Set(['candidateId', 'candidateIds', 'votes', 'yes', 'no']);
/** Everything else, neither a person nor a choice. */
const NEUTRAL = new Set(
  ('electionId kind regionId term seats post votingDay stations stationId name countedWith ruleSet on by id role chosenBy cause rule source auditor reportRef ' +
    'basis group objectionId size objectionsUntil grounds decideBy upheld reason late root algorithm flag nomination supporters posts ' +
    'relation authorisationRef count round via at issued returned unreturned valid blank invalid registered ballotsCast results outcome unfilled ' +
    'elected vacancies recallId petition signatures of reasons statementRef passed value min max num den ' +
    'committeeSize minVoterAge applicantResidenceYears rollPublicationDaysBefore objectionDays objectionDecisionDays electionQuorum electedShare ' +
    'furtherRoundMinShare furtherRoundExtraCandidates proxyLimit proxyRelations recallVoterShare recallRepresentativeShare recallQuorum recallPassShare').split(' '),
);

/** Every property name anywhere in a JSON Schema. */
function fieldNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => fieldNames(s, into));
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'properties' && value && typeof value === 'object') Object.keys(value).forEach((k) => into.add(k));
      fieldNames(value, into);
    }
  }
  return into;
}

const linksVoterToChoice = (fields: Set<string>) => [...fields].some((f) => PERSON.has(f)) && [...fields].some((f) => CHOICE.has(f));

const schemas = eventRegistry
  .definitions()
  .filter((d) => d.type.startsWith('elections.'))
  .map((d) => [`${d.type} v${d.schemaVersion}`, fieldNames(z.toJSONSchema(d.data, { io: 'input' }))] as const);

describe('no elections event can link a voter to a choice', () => {
  test('the service has event schemas to check', () => {
    expect(schemas.length).toBeGreaterThanOrEqual(20);
  });

  test.each(schemas)('%s names no person beside a choice', (_type, fields) => {
    expect(linksVoterToChoice(fields)).toBe(false);
  });

  test.each(schemas)('%s has every field classified as person, choice or neutral', (_type, fields) => {
    expect([...fields].filter((f) => !PERSON.has(f) && !CHOICE.has(f) && !NEUTRAL.has(f))).toEqual([]);
  });

  test('a schema with a voter and a candidate together would be caught', () => {
    const leaky = z.object({ round: z.int(), voterId: z.string(), marks: z.array(z.object({ candidateId: z.string() })) });
    expect(linksVoterToChoice(fieldNames(z.toJSONSchema(leaky)))).toBe(true);
  });
});
