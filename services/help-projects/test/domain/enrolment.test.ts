import { ELDER, HOUSEHOLD, after, applyFacts, baseFacts, credit, died, enrol, extremePovertyGranted, factsOf, given, member, movedOut, operator, publish, registered, serve, statusEnded } from './fixtures';

const published = () => after(publish(), credit());

describe('enrolment', () => {
  test('an eligible elder is enrolled with her consent, naming the status she qualified by', () => {
    given(...published())
      .when(enrol(baseFacts()))
      .thenMatches({ type: 'help-projects.project.household-enrolled', data: expect.objectContaining({ enrolmentId: 'en-1', householdId: HOUSEHOLD, personId: ELDER, basis: ['case-tk'], consent: { givenBy: 'guardian', on: '2025-02-01', documentRef: '知情同意书-001' } }) });
  });

  test('a household that does not meet the rule is refused, naming the clause', () => {
    given(...published()).when(enrol(factsOf(registered()))).thenRefuses('not-eligible', { field: 'rule.programs' });
  });

  test('consent given after the day of enrolment is refused', () => {
    given(...published()).when(enrol(baseFacts(), { consent: { givenBy: 'self', on: '2025-02-02', documentRef: 'x' } })).thenRefuses('consent-after-enrolment');
  });

  test('capacity is respected: a project for one refuses a second household', () => {
    const other = { ...baseFacts(), householdId: 'h-li' };
    given(...after(publish({ capacity: 1 }), enrol(baseFacts())))
      .when(enrol(other, { enrolmentId: 'en-2', householdId: 'h-li' }))
      .thenRefuses('capacity-reached');
  });

  test('an ended enrolment frees its place', () => {
    const other = { ...baseFacts(), householdId: 'h-li' };
    given(...after(publish({ capacity: 1 }), enrol(baseFacts()), { type: 'withdraw', enrolmentId: 'en-1', on: '2025-03-01', by: operator }))
      .when(enrol(other, { enrolmentId: 'en-2', householdId: 'h-li', on: '2025-03-02', consent: { givenBy: 'self', on: '2025-03-02', documentRef: 'y' } }))
      .thenMatches({ type: 'help-projects.project.household-enrolled' });
  });

  test('the same person is not enrolled twice', () => {
    given(...after(publish(), enrol(baseFacts()))).when(enrol(baseFacts(), { enrolmentId: 'en-2' })).thenRefuses('already-enrolled');
  });

  test('a suspended member cannot publish', () => {
    given().when(publish({ member: { ...member, status: 'suspended' } })).thenRefuses('member-not-active');
  });
});

describe('enrolments end by rule, naming the grid-records event', () => {
  const enrolled = () => after(publish(), credit(), enrol(baseFacts()));

  test('when the status ends, on its last day in force', () => {
    given(...enrolled())
      .when(applyFacts(factsOf(registered(), extremePovertyGranted(), statusEnded('ev-tk-ended', '2025-09-30'))))
      .then({ type: 'help-projects.project.enrolment-ended', data: { projectId: 'pr-bathing', enrolmentId: 'en-1', householdId: HOUSEHOLD, endedOn: '2025-09-30', cause: 'status-ended', causeEventId: 'ev-tk-ended', by: operator }, occurredAt: '2025-12-01' });
  });

  test('when the person dies, on the day of death', () => {
    given(...enrolled())
      .when(applyFacts(factsOf(registered(), extremePovertyGranted(), died('2025-05-04', '2025-05-06T00:00:00Z'))))
      .thenMatches({ data: expect.objectContaining({ endedOn: '2025-05-04', cause: 'died', causeEventId: 'ev-died' }) });
  });

  test('when the household moves out of the district', () => {
    given(...enrolled())
      .when(applyFacts(factsOf(registered(), extremePovertyGranted(), movedOut('2025-06-01'))))
      .thenMatches({ data: expect.objectContaining({ endedOn: '2025-06-01', cause: 'moved-out', causeEventId: 'ev-moved-out' }) });
  });

  test('facts that end nothing new change nothing (a redelivered event)', () => {
    const ended = after(publish(), enrol(baseFacts()), applyFacts(factsOf(registered(), extremePovertyGranted(), movedOut('2025-06-01'))));
    given(...ended).when(applyFacts(factsOf(registered(), extremePovertyGranted(), movedOut('2025-06-01'), movedOut('2025-06-01')))).thenNothing();
  });
});

describe('service records', () => {
  const enrolled = () => after(publish(), credit(12_000), enrol(baseFacts()));

  test('a service delivered by a member is recorded with person-times and cost against the budget', () => {
    given(...enrolled())
      .when(serve(baseFacts(), '2025-03-10', { personTimes: 2 }))
      .thenMatches({ type: 'help-projects.project.service-recorded', data: expect.objectContaining({ serviceId: 'sv-2025-03-10', personId: ELDER, memberId: member.memberId, servedOn: '2025-03-10', personTimes: 2, costFen: 5_000 }) });
  });

  test('a service beyond the credited budget is refused', () => {
    given(...after(...[publish(), credit(12_000), enrol(baseFacts()), serve(baseFacts(), '2025-03-10'), serve(baseFacts(), '2025-03-11')]))
      .when(serve(baseFacts(), '2025-03-12'))
      .thenRefuses('over-budget', { field: 'costFen' });
  });

  test('a service after the person died is refused, naming the death, even before the enrolment heard of it', () => {
    given(...enrolled())
      .when(serve(factsOf(registered(), extremePovertyGranted(), died('2025-03-05', '2025-03-06T00:00:00Z')), '2025-03-10'))
      .thenRefuses('person-died', { field: 'servedOn' });
  });

  test('a service after the enrolment ended is refused', () => {
    const ended = after(publish(), credit(), enrol(baseFacts()), { type: 'withdraw', enrolmentId: 'en-1', on: '2025-03-01', by: operator });
    given(...ended).when(serve(baseFacts(), '2025-03-10')).thenRefuses('enrolment-ended');
  });

  test('a late-recorded death flags the services after it for review, naming the death event', () => {
    const served = after(publish(), credit(), enrol(baseFacts()), serve(baseFacts(), '2025-03-10'), serve(baseFacts(), '2025-05-10'), serve(baseFacts(), '2025-06-10'));
    // 2 months late: died 2025-04-20, recorded 2025-06-20.
    given(...served)
      .when(applyFacts(factsOf(registered(), extremePovertyGranted(), died('2025-04-20', '2025-06-20T00:00:00Z')), '2025-06-20'))
      .then(
        { type: 'help-projects.project.enrolment-ended', data: { projectId: 'pr-bathing', enrolmentId: 'en-1', householdId: HOUSEHOLD, endedOn: '2025-04-20', cause: 'died', causeEventId: 'ev-died', by: operator }, occurredAt: '2025-06-20' },
        { type: 'help-projects.project.service-flagged', data: { projectId: 'pr-bathing', serviceId: 'sv-2025-05-10', enrolmentId: 'en-1', rule: 'served-after-death', causeEventId: 'ev-died', by: operator }, occurredAt: '2025-06-20' },
        { type: 'help-projects.project.service-flagged', data: { projectId: 'pr-bathing', serviceId: 'sv-2025-06-10', enrolmentId: 'en-1', rule: 'served-after-death', causeEventId: 'ev-died', by: operator }, occurredAt: '2025-06-20' },
      );
  });

  test('an enrolment ended at a move-out moves back to an earlier death learned later', () => {
    const ended = after(publish(), credit(), enrol(baseFacts()), applyFacts(factsOf(registered(), extremePovertyGranted(), movedOut('2025-08-01'))));
    given(...ended)
      .when(applyFacts(factsOf(registered(), extremePovertyGranted(), movedOut('2025-08-01'), died('2025-05-01', '2025-09-01T00:00:00Z'))))
      .thenMatches({ data: expect.objectContaining({ endedOn: '2025-05-01', cause: 'died' }) });
  });

  test('a budget credit from the same charity allocation counts once', () => {
    given(...after(publish(), credit(50_000))).when(credit(50_000)).thenNothing();
  });
});
