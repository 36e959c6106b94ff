// The refusals the other domain tests leave out: each names its rule (and field), as the API answers it.
import { HOUSEHOLD, SON, after, baseFacts, credit, enrol, factsOf, given, member, operator, publish, registered, serve, statusEnded, extremePovertyGranted } from './fixtures';

const enrolled = () => after(publish(), credit(), enrol(baseFacts()));

describe('enrolment refusals', () => {
  test('a day outside the project’s period is refused', () => {
    given(...after(publish(), credit()))
      .when(enrol(baseFacts(), { on: '2026-01-05', consent: { givenBy: 'self', on: '2026-01-05', documentRef: 'x' } }))
      .thenRefuses('outside-period', { field: 'on' });
  });

  test('facts of another household are refused: the decision is about the household named', () => {
    given(...after(publish(), credit())).when(enrol({ ...baseFacts(), householdId: 'h-li' })).thenRefuses('facts-of-another-household', { field: 'householdId' });
  });

  test('a person project does not enrol a whole household', () => {
    given(...after(publish(), credit())).when(enrol(baseFacts(), { personId: null })).thenRefuses('subject-mismatch', { field: 'personId' });
  });

  test('the son of the household is not the one the rule admits', () => {
    given(...after(publish(), credit())).when(enrol(baseFacts(), { personId: SON })).thenRefuses('not-eligible');
  });

  test('a status that ended before the day of enrolment admits nobody', () => {
    given(...after(publish(), credit())).when(enrol(factsOf(registered(), extremePovertyGranted(), statusEnded('ev-tk-ended', '2025-01-31')))).thenRefuses('not-eligible', { field: 'rule.programs' });
  });

  test('publishing a period that ends before it starts is refused', () => {
    given().when(publish({ from: '2025-12-31', until: '2025-01-01' })).thenRefuses('period-reversed', { field: 'until' });
  });
});

describe('service refusals', () => {
  test('a service is recorded on or after the day it was delivered', () => {
    given(...enrolled()).when(serve(baseFacts(), '2025-03-10', { on: '2025-03-09' })).thenRefuses('served-in-future', { field: 'servedOn' });
  });

  test('a service before the enrolment is refused', () => {
    given(...enrolled()).when(serve(baseFacts(), '2025-01-20')).thenRefuses('before-enrolment', { field: 'servedOn' });
  });

  test('a person project serves its enrolled person only', () => {
    given(...enrolled()).when(serve(baseFacts(), '2025-03-10', { personId: SON })).thenRefuses('not-the-enrolled-person', { field: 'personId' });
  });

  test('a suspended member records no service', () => {
    given(...enrolled()).when(serve(baseFacts(), '2025-03-10', { member: { ...member, status: 'suspended' } })).thenRefuses('member-not-active', { field: 'memberId' });
  });

  test('an unknown enrolment is refused, naming it', () => {
    given(...enrolled()).when(serve(baseFacts(), '2025-03-10', { enrolmentId: 'en-404' })).thenRefuses('no-enrolment', { field: 'enrolmentId' });
  });

  test('the same service recorded again is nothing new; with other details it is refused', () => {
    const served = after(publish(), credit(), enrol(baseFacts()), serve(baseFacts(), '2025-03-10'));
    given(...served).when(serve(baseFacts(), '2025-03-10')).thenNothing();
    given(...served).when(serve(baseFacts(), '2025-03-10', { costFen: 9_999 })).thenRefuses('service-exists', { field: 'serviceId' });
  });

  test('withdrawing an enrolment ends it on that day, decided here (no grid-records event); again, nothing new', () => {
    const withdraw = { type: 'withdraw' as const, enrolmentId: 'en-1', on: '2025-03-01', by: operator };
    given(...enrolled())
      .when(withdraw)
      .thenMatches({ type: 'help-projects.project.enrolment-ended', data: expect.objectContaining({ householdId: HOUSEHOLD, endedOn: '2025-03-01', cause: 'withdrawn', causeEventId: null }) });
    given(...after(publish(), credit(), enrol(baseFacts()), withdraw)).when(withdraw).thenNothing();
  });
});


