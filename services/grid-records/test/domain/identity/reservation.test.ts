import { specFor } from '@grid/platform/decider';
import { CLAIM_LEASE_MS, identityDecider, type IdentityCommand, type IdentityEvent } from '../../../src/domain/identity/reservation';
import { gridWorker, idHash } from '../fixtures';

const given = specFor(identityDecider);
const ID = idHash(4242);
type Claim = Extract<IdentityCommand, { type: 'claim' }>;
type Release = Extract<IdentityCommand, { type: 'release' }>;

const claim = (householdId: string, over: Partial<Claim> = {}): IdentityCommand => ({
  type: 'claim',
  idHash: ID,
  householdId,
  personId: `p-${householdId}`,
  holder: null,
  legacy: null,
  on: '2026-03-01',
  by: gridWorker,
  ...over,
});
const release = (householdId: string, over: Partial<Release> = {}): IdentityCommand => ({
  type: 'release',
  idHash: ID,
  householdId,
  personId: `p-${householdId}`,
  cause: 'member-removed',
  householdHolds: null,
  on: '2026-04-01',
  by: gridWorker,
  ...over,
});
const claimed = (householdId: string, replaces: { householdId: string; personId: string } | null = null): IdentityEvent => ({
  type: 'grid-records.identity.claimed',
  data: { idHash: ID, householdId, personId: `p-${householdId}`, replaces, on: '2026-03-01', by: gridWorker },
  occurredAt: '2026-03-01',
});
const released = (householdId: string, cause: Release['cause'] = 'member-removed'): IdentityEvent => ({
  type: 'grid-records.identity.released',
  data: { idHash: ID, householdId, personId: `p-${householdId}`, cause, on: '2026-04-01', by: gridWorker },
  occurredAt: '2026-04-01',
});

describe('claiming an ID number for a household (一人一户)', () => {
  test('an ID number the district has never registered is claimed for the household’s person', () => {
    given().when(claim('h-a')).then(claimed('h-a'));
  });

  test('a claim the household already holds is nothing new (a retried request)', () => {
    given(claimed('h-a')).when(claim('h-a')).thenNothing();
  });

  test('an ID number whose household records the person is registered elsewhere', () => {
    given(claimed('h-a'))
      .when(claim('h-b', { holder: { standing: 'member', claimAgeMs: 10 * CLAIM_LEASE_MS } }))
      .thenRefuses('registered-elsewhere');
  });

  test('a person recorded as deceased keeps their record: the ID number cannot be registered again', () => {
    given(claimed('h-a'))
      .when(claim('h-b', { holder: { standing: 'died', claimAgeMs: 10 * CLAIM_LEASE_MS } }))
      .thenRefuses('registered-elsewhere');
  });

  test('a fresh claim whose household has not recorded the person yet binds: that registration is on its way', () => {
    given(claimed('h-a'))
      .when(claim('h-b', { holder: { standing: 'unrecorded', claimAgeMs: 50 } }))
      .thenRefuses('registered-elsewhere');
  });

  test('a claim the household never recorded, older than the lease, is an orphan and is taken over', () => {
    given(claimed('h-a'))
      .when(claim('h-b', { holder: { standing: 'unrecorded', claimAgeMs: CLAIM_LEASE_MS } }))
      .then(claimed('h-b', { householdId: 'h-a', personId: 'p-h-a' }));
  });

  test('a claim whose household recorded the person and let them go is taken over at once (its release was lost)', () => {
    given(claimed('h-a'))
      .when(claim('h-b', { holder: { standing: 'left', claimAgeMs: 50 } }))
      .then(claimed('h-b', { householdId: 'h-a', personId: 'p-h-a' }));
  });

  test('without facts about the holder the claim binds', () => {
    given(claimed('h-a')).when(claim('h-b')).thenRefuses('registered-elsewhere');
  });

  test('a released ID number is claimed again', () => {
    given(claimed('h-a'), released('h-a')).when(claim('h-b')).then(claimed('h-b'));
  });
});

describe('people registered before reservation streams existed', () => {
  test('a person their household still records is registered elsewhere', () => {
    given()
      .when(claim('h-b', { legacy: { householdId: 'h-a', holds: 'member' } }))
      .thenRefuses('registered-elsewhere');
  });

  test('a person who left that household is claimed', () => {
    given()
      .when(claim('h-b', { legacy: { householdId: 'h-a', holds: null } }))
      .then(claimed('h-b'));
  });

  test('the household that records the person claims them', () => {
    given()
      .when(claim('h-a', { legacy: { householdId: 'h-a', holds: 'member' } }))
      .then(claimed('h-a'));
  });
});

describe('releasing', () => {
  test('a member who left the household releases the ID number', () => {
    given(claimed('h-a')).when(release('h-a')).then(released('h-a'));
  });

  test('a household moving out of the district releases its living members', () => {
    given(claimed('h-a'))
      .when(release('h-a', { cause: 'moved-out' }))
      .then(released('h-a', 'moved-out'));
  });

  test('another household’s claim is not released', () => {
    given(claimed('h-a')).when(release('h-b')).thenNothing();
  });

  test('a household that still records the person does not release them', () => {
    given(claimed('h-a'))
      .when(release('h-a', { householdHolds: 'member' }))
      .thenRefuses('still-registered');
  });

  test('after a release the district still knows the person by the same id', () => {
    given(claimed('h-a'), released('h-a')).thenState({ holder: null, personId: 'p-h-a' });
  });
});
