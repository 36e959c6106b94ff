import { refused } from '@grid/platform/decider';
import { evt } from '../shared/events';
import { checkOccurred } from '../shared/horizon';
import { CORRECTION_CONFIRMERS, CORRECTION_SOURCE } from './decide-corrections';
import { DISABILITY_SOURCE, checkOpen, livingMember, livingMembers, notBefore } from './rules';
import type { HouseholdCommand, HouseholdEvent, HouseholdState } from './types';

type Cmd<T extends HouseholdCommand['type']> = Extract<HouseholdCommand, { type: T }>;

/** Deaths of recipients reported late kept payments running (seed 002): `diedOn` may lie long before today. */
export const LATE_DEATHS_SOURCE = 'seed 002 存在的问题: 死亡异动未及时上报';

/**
 * 死亡: the deceased stays in the record with `diedOn`. A dead head needs a living successor from the same
 * command; the last living member's death ends the household. A household that moved out only accepts a
 * death from before its move-out (a late report), and its closed record is not restructured.
 */
export function recordDeath(cmd: Cmd<'record-death'>, s: HouseholdState): HouseholdEvent[] {
  if (s.status === 'none') throw refused('unknown-household', 'no such household');
  if (s.status === 'ended') throw refused('household-ended', `the household ended on ${s.endedOn}`);
  const r = s.residents[cmd.personId];
  if (!r) throw refused('not-a-member', `${cmd.personId} is not a member of household ${s.householdId}`, { field: 'personId' });
  if (r.diedOn !== null) {
    if (r.diedOn === cmd.diedOn) return [];
    throw refused('already-dead', `the death on ${r.diedOn} is already recorded: correct it instead`, { field: 'diedOn' });
  }
  checkOccurred(cmd.diedOn, cmd.horizon, 'diedOn');
  if (cmd.birthDate !== undefined && cmd.diedOn < cmd.birthDate)
    throw refused('died-before-birth', `${cmd.diedOn} is before the recorded birth date`, { field: 'diedOn' });
  if (s.movedOutOn !== null && cmd.diedOn > s.movedOutOn) {
    throw refused('death-after-move-out', `the household left the district on ${s.movedOutOn}: the new district records the death`, {
      field: 'diedOn',
    });
  }
  if (r.leftOn !== null && cmd.diedOn > r.leftOn)
    throw refused('not-a-member', `${cmd.personId} left the household on ${r.leftOn}`, { field: 'personId' });
  const died = evt(
    'grid-records.resident.died',
    { householdId: s.householdId, personId: r.personId, idHash: r.idHash, diedOn: cmd.diedOn, evidence: cmd.evidence, by: cmd.by },
    cmd.diedOn,
  );
  if (s.status === 'moved-out') return [died];

  const others = livingMembers(s).filter((m) => m.personId !== r.personId);
  if (r.personId !== s.headId) {
    if (cmd.newHeadId !== undefined)
      throw refused('successor-not-needed', 'only the death of the head needs a new head', { field: 'newHeadId' });
    return [died];
  }
  if (others.length === 0) {
    return [
      died,
      evt(
        'grid-records.household.ended',
        { householdId: s.householdId, on: cmd.diedOn, cause: 'last-member-died', by: cmd.by },
        cmd.diedOn,
      ),
    ];
  }
  if (cmd.newHeadId === undefined) {
    throw refused('head-needs-successor', 'the head died and living members remain: name the new head', { field: 'newHeadId' });
  }
  if (!others.some((m) => m.personId === cmd.newHeadId)) {
    throw refused('successor-not-eligible', `${cmd.newHeadId} is not a living member of the household`, { field: 'newHeadId' });
  }
  return [
    died,
    evt(
      'grid-records.household.head-changed',
      { householdId: s.householdId, fromPersonId: r.personId, toPersonId: cmd.newHeadId, on: cmd.diedOn, cause: 'death', by: cmd.by },
      cmd.diedOn,
    ),
  ];
}

/**
 * 撤销死亡登记: an official revokes a death recorded in error (wrong person, false report) on documents (公安户籍核查,
 * 医院证明 …). The person is living again here, and their ID number binds as any living member's; in a household that
 * has since moved out (the death was recorded here before the move), they count as having left with it. A household
 * ended by this death (its last living member's) opens again; one ended by a later death revokes that one first.
 * Statuses the death ended stay ended (the reactions do not undo them): payments for the interval are reviewed by a
 * person and a status needs a new application.
 */
export function revokeDeath(cmd: Cmd<'revoke-death'>, s: HouseholdState): HouseholdEvent[] {
  if (s.status === 'none') throw refused('unknown-household', 'no such household');
  const r = s.residents[cmd.personId];
  if (!r) throw refused('not-a-member', `${cmd.personId} is not a member of household ${s.householdId}`, { field: 'personId' });
  if (r.diedOn === null) {
    const last = r.revokedDeath;
    // The same revocation again (a retry: the same sealed reason) records nothing more.
    if (last && typeof last.reason !== 'string' && last.reason.ciphertext === cmd.reason.ciphertext && last.on === cmd.on) return [];
    throw refused('not-dead', `${cmd.personId} is not recorded as dead`, { field: 'personId' });
  }
  if (!CORRECTION_CONFIRMERS.includes(cmd.by.role)) {
    throw refused('official-revocation', 'a death is revoked by a community, township or district official who checked the documents', {
      source: CORRECTION_SOURCE,
    });
  }
  // A household that moved out keeps the record of a death recorded here before the move: it is revoked here, and the
  // person, living, counts as having left with the household (their ID number binds nowhere in the district).
  const reopens = s.status === 'ended';
  if (reopens && !(s.headId === r.personId && s.endedOn === r.diedOn)) {
    throw refused('household-ended', `the household ended on ${s.endedOn} with another death: revoke that one first`);
  }
  checkOccurred(cmd.on, cmd.horizon, 'on');
  notBefore(cmd.on, r.diedOn, 'the revocation of a death');
  // While the person was recorded dead, the household may have added someone under the same ID number.
  if (livingMembers(s).some((m) => m.idHash === r.idHash)) {
    throw refused('duplicate-id', 'a living member holds the same ID number: correct one of the two records first', { field: 'personId' });
  }
  return [
    evt(
      'grid-records.resident.death-revoked',
      {
        householdId: s.householdId,
        personId: r.personId,
        idHash: r.idHash,
        diedOn: r.diedOn,
        reason: cmd.reason,
        evidence: cmd.evidence,
        reopened: reopens,
        on: cmd.on,
        by: cmd.by,
      },
      cmd.on,
    ),
  ];
}

/** 残疾证: a new certificate reaches the subsidy workflow through this event (seed 002's second problem). */
export function certifyDisability(cmd: Cmd<'certify-disability'>, s: HouseholdState): HouseholdEvent[] {
  checkOpen(s);
  const r = livingMember(s, cmd.personId);
  checkOccurred(cmd.certifiedOn, cmd.horizon, 'certifiedOn');
  if (cmd.birthDate !== undefined && cmd.certifiedOn < cmd.birthDate)
    throw refused('before-birth', `${cmd.certifiedOn} is before the holder's recorded birth date`, { field: 'certifiedOn' });
  if (!Number.isInteger(cmd.grade) || cmd.grade < 1 || cmd.grade > 4) {
    throw refused('disability-grade', 'disability grades run from 1 (一级, most severe) to 4', {
      source: DISABILITY_SOURCE,
      field: 'grade',
    });
  }
  return [
    evt(
      'grid-records.resident.disability-certified',
      {
        householdId: s.householdId,
        personId: cmd.personId,
        kind: cmd.sealed.kind,
        grade: cmd.sealed.grade,
        previousGrade: r.disability?.grade ?? null,
        ...(cmd.certificateNo ? { certificateNo: cmd.certificateNo } : {}),
        certifiedOn: cmd.certifiedOn,
        by: cmd.by,
      },
      cmd.certifiedOn,
    ),
  ];
}
