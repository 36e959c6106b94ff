import { specFor } from '@grid/platform/decider';
import { householdDecider } from '../../../src/domain/household/decide';
import { evolveHousehold, initialHousehold } from '../../../src/domain/household/evolve';
import { heldIdentity } from '../../../src/domain/household/rules';
import type { HouseholdCommand, HouseholdEvent } from '../../../src/domain/household/types';
import { communityOfficial, gridWorker, sealed } from '../fixtures';
import { died, grandmother, granddaughter, movedOut, registered, son } from './household-fixtures';

const given = specFor(householdDecider);
const REASON = sealed('公安户籍核查: 本人健在, 系同名误报');

const revoke = (
  personId: string,
  on = '2021-03-01',
  over: Partial<Extract<HouseholdCommand, { type: 'revoke-death' }>> = {},
): HouseholdCommand => ({
  type: 'revoke-death',
  personId,
  reason: REASON,
  evidence: sealed('公安户籍核查 2021-021'),
  on,
  by: communityOfficial,
  ...over,
});

const revoked = (personId: string, idHash: string, diedOn: string, on = '2021-03-01', reopened = false): HouseholdEvent => ({
  type: 'grid-records.resident.death-revoked',
  data: {
    householdId: 'h-liu',
    personId,
    idHash,
    diedOn,
    reason: REASON,
    evidence: sealed('公安户籍核查 2021-021'),
    reopened,
    on,
    by: communityOfficial,
  },
  occurredAt: on,
});

const ended = (on: string): HouseholdEvent => ({
  type: 'grid-records.household.ended',
  data: { householdId: 'h-liu', on, cause: 'last-member-died', by: gridWorker },
  occurredAt: on,
});

const state = (...events: HouseholdEvent[]) => events.reduce(evolveHousehold, initialHousehold);

describe('revoking a death recorded in error (撤销死亡登记)', () => {
  test('an official revokes a wrongly recorded death on documents', () => {
    given(registered(), died(son.personId, '2020-07-15', son.idHash))
      .when(revoke(son.personId))
      .then(revoked(son.personId, son.idHash, '2020-07-15'));
  });

  test('the person is living again in the household’s record', () => {
    const s = state(registered(), died(son.personId, '2020-07-15', son.idHash), revoked(son.personId, son.idHash, '2020-07-15'));
    expect(s.residents[son.personId]!.diedOn).toBeNull();
    expect(s.status).toBe('active');
  });

  test('a person who is not recorded as dead is refused', () => {
    given(registered()).when(revoke(son.personId)).thenRefuses('not-dead');
  });

  test('someone who was never a member is refused', () => {
    given(registered()).when(revoke('p-stranger')).thenRefuses('not-a-member');
  });

  test('a grid worker cannot revoke a death', () => {
    given(registered(), died(son.personId, '2020-07-15', son.idHash))
      .when(revoke(son.personId, '2021-03-01', { by: gridWorker }))
      .thenRefuses('official-revocation');
  });

  test('the same revocation again changes nothing', () => {
    given(registered(), died(son.personId, '2020-07-15', son.idHash), revoked(son.personId, son.idHash, '2020-07-15'))
      .when(revoke(son.personId))
      .thenNothing();
  });

  test('another revocation of a person already living again is refused', () => {
    given(registered(), died(son.personId, '2020-07-15', son.idHash), revoked(son.personId, son.idHash, '2020-07-15'))
      .when(revoke(son.personId, '2021-04-01'))
      .thenRefuses('not-dead');
  });

  test('a revocation dated before the recorded death is refused', () => {
    given(registered(), died(son.personId, '2020-07-15', son.idHash))
      .when(revoke(son.personId, '2020-07-14'))
      .thenRefuses('date-out-of-order');
  });

  test('a death recorded here before the household moved out can still be revoked: the record of the death is here', () => {
    given(
      registered(),
      died(son.personId, '2020-07-15', son.idHash),
      movedOut('2020-09-30', [grandmother.personId, granddaughter.personId]),
    )
      .when(revoke(son.personId))
      .then(revoked(son.personId, son.idHash, '2020-07-15'));
  });

  test('revived in a household that moved out, the person holds no ID number here: they left with it', () => {
    const s = state(
      registered(),
      died(son.personId, '2020-07-15', son.idHash),
      movedOut('2020-09-30', [grandmother.personId, granddaughter.personId]),
      revoked(son.personId, son.idHash, '2020-07-15'),
    );
    expect([s.status, s.residents[son.personId]!.diedOn, heldIdentity(s, son.idHash)]).toEqual(['moved-out', null, null]);
  });

  test('revoking the death that ended the household opens it again', () => {
    given(registered([grandmother]), died(grandmother.personId, '2020-12-03', grandmother.idHash), ended('2020-12-03'))
      .when(revoke(grandmother.personId))
      .then(revoked(grandmother.personId, grandmother.idHash, '2020-12-03', '2021-03-01', true));
    const s = state(
      registered([grandmother]),
      died(grandmother.personId, '2020-12-03', grandmother.idHash),
      ended('2020-12-03'),
      revoked(grandmother.personId, grandmother.idHash, '2020-12-03', '2021-03-01', true),
    );
    expect(s).toMatchObject({ status: 'active', endedOn: null, headId: grandmother.personId });
  });

  test('an earlier death in a household a later death ended waits for that one to be revoked', () => {
    given(
      registered([grandmother, son]),
      died(son.personId, '2020-07-15', son.idHash),
      died(grandmother.personId, '2020-12-03', grandmother.idHash),
      ended('2020-12-03'),
    )
      .when(revoke(son.personId))
      .thenRefuses('household-ended');
  });

  test('a revoked head stays a member: the successor named at the death stays head', () => {
    const s = state(
      registered(),
      died(grandmother.personId, '2020-12-03', grandmother.idHash),
      {
        type: 'grid-records.household.head-changed',
        data: {
          householdId: 'h-liu',
          fromPersonId: grandmother.personId,
          toPersonId: son.personId,
          on: '2020-12-03',
          cause: 'death',
          by: gridWorker,
        },
        occurredAt: '2020-12-03',
      },
      revoked(grandmother.personId, grandmother.idHash, '2020-12-03'),
    );
    expect(s.headId).toBe(son.personId);
    expect(s.residents[grandmother.personId]!.diedOn).toBeNull();
  });

  test('a living member added meanwhile under the same ID number is refused', () => {
    given(registered(), died(son.personId, '2020-07-15', son.idHash), {
      type: 'grid-records.household.member-added',
      data: { householdId: 'h-liu', member: { ...son, personId: 'p-liu-son-2' }, on: '2020-08-01', by: gridWorker },
      occurredAt: '2020-08-01',
    })
      .when(revoke(son.personId))
      .thenRefuses('duplicate-id');
  });

  test('after the revocation the ID number binds as a living member’s, no longer as a deceased’s', () => {
    const dead = state(registered(), died(son.personId, '2020-07-15', son.idHash));
    expect(heldIdentity(dead, son.idHash)).toBe('died');
    expect(
      heldIdentity(
        state(registered(), died(son.personId, '2020-07-15', son.idHash), revoked(son.personId, son.idHash, '2020-07-15')),
        son.idHash,
      ),
    ).toBe('member');
  });

  test('a death recorded again after a revocation is recorded', () => {
    given(registered(), died(son.personId, '2020-07-15', son.idHash), revoked(son.personId, son.idHash, '2020-07-15'))
      .when({ type: 'record-death', personId: son.personId, diedOn: '2022-01-05', evidence: 'death-certificate', by: gridWorker })
      .then(died(son.personId, '2022-01-05', son.idHash));
  });
});
