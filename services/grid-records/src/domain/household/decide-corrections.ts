import { refused } from '@grid/platform/decider';
import type { Role } from '@grid/contracts';
import { evt } from '../shared/events';
import type { IsoDate } from '../shared/dates';
import type { Corrections, HouseholdCommand, HouseholdEvent, HouseholdState, PendingCorrection, ResidentState } from './types';

type Cmd<T extends HouseholdCommand['type']> = Extract<HouseholdCommand, { type: T }>;

/** 户口登记条例 第十七条: a change or correction is made once the registering office has verified it (审查属实后予以更正). */
export const CORRECTION_SOURCE = '中华人民共和国户口登记条例 第十七条';

/** Who verifies a correction of a name or ID number: 社区 first, or the township and district above it. */
export const CORRECTION_CONFIRMERS: readonly Role[] = ['community-official', 'street-official', 'district-official'];

/**
 * 信息更正. A phone number is contact data the resident declares: the grid worker's correction applies at once.
 * A name or 身份证 number identifies the person to payments and to the 户籍 office: the grid worker's request waits
 * for an official who has seen the documents (CORRECTION_SOURCE), one request per person at a time. Allowed after
 * a move-out or a death too: auditors need the right person in the history.
 */
export function requestCorrection(cmd: Cmd<'request-correction'>, s: HouseholdState): HouseholdEvent[] {
  const r = resident(s, cmd.personId);
  const { corrected, unchanged } = withoutRecorded(cmd.corrected, cmd.unchanged, r);
  if (Object.keys(corrected).length === 0) {
    if (unchanged.length > 0) throw refused('no-change', `the record already holds this ${unchanged.join(', ')}`, { field: unchanged[0] });
    throw refused('nothing-to-correct', 'name at least one corrected field', { field: 'body' });
  }
  checkCorrected(s, r, corrected, corrected.birthDate === undefined ? undefined : cmd.birthDate);
  const { householdId } = s;
  const { personId, correctionId, reason, evidence, on, by } = cmd;
  if (!needsConfirmation(corrected)) {
    return [
      evt(
        'grid-records.resident.details-corrected',
        { householdId, personId, corrected, on, reason, ...(evidence ? { evidence } : {}), by },
        on,
      ),
    ];
  }
  const open = Object.values(s.corrections).find((c) => c.personId === personId);
  if (open) throw refused('correction-pending', `correction ${open.correctionId} of this person awaits an official`, { field: 'personId' });
  return [
    evt(
      'grid-records.resident.correction-requested',
      { householdId, personId, correctionId, corrected, on, reason, ...(evidence ? { evidence } : {}), by },
      on,
    ),
  ];
}

export function confirmCorrection(cmd: Cmd<'confirm-correction'>, s: HouseholdState): HouseholdEvent[] {
  const pending = pendingCorrection(s, cmd);
  const r = resident(s, pending.personId);
  checkCorrected(s, r, pending.corrected, cmd.birthDate);
  const { correctionId, personId, corrected, reason, evidence, requestedBy } = pending;
  return [
    evt(
      'grid-records.resident.details-corrected',
      {
        householdId: s.householdId,
        personId,
        corrected,
        on: cmd.on,
        reason,
        correctionId,
        requestedBy,
        ...(evidence ? { evidence } : {}),
        by: cmd.by,
      },
      cmd.on,
    ),
  ];
}

export function rejectCorrection(cmd: Cmd<'reject-correction'>, s: HouseholdState): HouseholdEvent[] {
  const pending = pendingCorrection(s, cmd);
  return [
    evt(
      'grid-records.resident.correction-rejected',
      {
        householdId: s.householdId,
        personId: pending.personId,
        correctionId: pending.correctionId,
        on: cmd.on,
        reason: cmd.reason,
        by: cmd.by,
      },
      cmd.on,
    ),
  ];
}

/** Name and ID number (with the birth date and sex it encodes) need an official; a phone does not. */
export const needsConfirmation = (c: Corrections): boolean =>
  c.name !== undefined || c.idNumber !== undefined || c.idHash !== undefined || c.birthDate !== undefined || c.sex !== undefined;

function resident(s: HouseholdState, personId: string): ResidentState {
  if (s.status === 'none') throw refused('unknown-household', 'no such household');
  const r = s.residents[personId];
  if (!r) throw refused('not-a-member', `${personId} was never a member of household ${s.householdId}`, { field: 'personId' });
  return r;
}

/**
 * An ID number with the recorded hash is no change; nor is a sex the record already holds, nor a birth date (the
 * application leaves out one the record holds: it compares the clear dates).
 */
function withoutRecorded(
  given: Corrections,
  unchanged: Cmd<'request-correction'>['unchanged'],
  r: ResidentState,
): { corrected: Corrections; unchanged: Cmd<'request-correction'>['unchanged'] } {
  const { idNumber, idHash, birthDate, birthYear: _year, sex, ...rest } = given;
  if (idHash !== undefined && idHash === r.idHash) return { corrected: rest, unchanged: [...unchanged, 'idNumber'] };
  return {
    corrected: {
      ...rest,
      ...(idNumber ? { idNumber } : {}),
      ...(idHash ? { idHash } : {}),
      ...(birthDate ? { birthDate, ...(given.birthYear !== undefined ? { birthYear: given.birthYear } : {}) } : {}),
      ...(sex && sex !== r.sex ? { sex } : {}),
    },
    unchanged,
  };
}

/** `birthDate`: the corrected birth date in clear (the correction holds it sealed). */
function checkCorrected(s: HouseholdState, r: ResidentState, c: Corrections, birthDate: IsoDate | undefined): void {
  if (c.idNumber !== undefined && c.idHash === undefined)
    throw refused('id-hash-required', 'a corrected ID number comes with its keyed hash', { field: 'idNumber' });
  if (c.idHash && Object.values(s.residents).some((o) => o.personId !== r.personId && o.idHash === c.idHash)) {
    throw refused('duplicate-id', 'another member of the household has that ID number', { field: 'idNumber' });
  }
  if (birthDate && r.diedOn !== null && birthDate > r.diedOn)
    throw refused('died-before-birth', `died ${r.diedOn}, before ${birthDate}`, { field: 'idNumber' });
  if (birthDate && birthDate > r.joinedOn)
    throw refused('birth-after-date', `joined the household on ${r.joinedOn}, before ${birthDate}`, { field: 'idNumber' });
}

function pendingCorrection(s: HouseholdState, cmd: Cmd<'confirm-correction'> | Cmd<'reject-correction'>): PendingCorrection {
  const { correctionId, personId, by } = cmd;
  if (s.status === 'none') throw refused('unknown-household', 'no such household');
  const pending = s.corrections[correctionId];
  if (!pending || pending.personId !== personId) {
    throw refused('unknown-correction', `no correction ${correctionId} of ${personId} awaits a decision`, { field: 'correctionId' });
  }
  if (!CORRECTION_CONFIRMERS.includes(by.role)) {
    throw refused('official-confirmation', 'a name or ID number correction is confirmed by a community, township or district official', {
      source: CORRECTION_SOURCE,
    });
  }
  if (by.id === pending.requestedBy.id)
    throw refused('own-request', 'the official who confirms is not the one who asked', { source: CORRECTION_SOURCE });
  return pending;
}
