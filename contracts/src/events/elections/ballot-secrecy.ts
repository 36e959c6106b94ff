/**
 * The secret ballot (Art 15: 无记名投票) as a property of the published language: every field name of every elections
 * event is classified, and no event may carry a field naming a person taking part beside a field saying what was
 * chosen. Checked over the schemas and over the stored events of a seeded run (tests), and open to any subscriber.
 */

/** Fields that say who a person taking part is. */
export const PERSON_FIELDS: ReadonlySet<string> = new Set(['voterId', 'principalId', 'proxyId', 'entryHash', 'subjectId', 'memberId']);
/** Fields that say what was chosen, or for whom. */
export const CHOICE_FIELDS: ReadonlySet<string> = new Set(['candidateId', 'candidateIds', 'votes', 'yes', 'no']);
/** Everything else, neither a person nor a choice. */
export const NEUTRAL_FIELDS: ReadonlySet<string> = new Set(
  ('electionId kind regionId term seats post votingDay stations stationId name countedWith ruleSet on by id role chosenBy cause rule source auditor reportRef ' +
    'basis group objectionId applicationId admitted size objectionsUntil grounds decideBy upheld reason late root algorithm flag nomination supporters posts ' +
    'relation authorisationRef count round via at issued returned unreturned valid blank invalid registered ballotsCast results outcome unfilled ' +
    'elected vacancies recallId petition signatures of reasons statementRef passed value min max num den ' +
    'committeeSize minVoterAge applicantResidenceYears rollPublicationDaysBefore objectionDays objectionDecisionDays electionQuorum electedShare ' +
    'furtherRoundMinShare furtherRoundExtraCandidates proxyLimit proxyRelations recallVoterShare recallRepresentativeShare recallQuorum recallPassShare').split(' '),
);

/** Would these fields, together in one event, link a voter to a choice? */
export const linksVoterToChoice = (fields: Iterable<string>): boolean => {
  const all = [...fields];
  return all.some((f) => PERSON_FIELDS.has(f)) && all.some((f) => CHOICE_FIELDS.has(f));
};

/** Fields that are none of the three: each must be classified before it may appear on an event. */
export const unclassifiedFields = (fields: Iterable<string>): string[] =>
  [...fields].filter((f) => !PERSON_FIELDS.has(f) && !CHOICE_FIELDS.has(f) && !NEUTRAL_FIELDS.has(f));

/** Every property name anywhere in a value (an event's data as stored). */
export function valueFieldNames(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => valueFieldNames(v, into));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      into.add(key);
      valueFieldNames(v, into);
    }
  }
  return into;
}
