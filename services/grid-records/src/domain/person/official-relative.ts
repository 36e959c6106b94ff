import { refused, type Decider } from '@grid/platform/decider';
import type { officialRelativeRegistered, officialRelativeWithdrawn } from '@grid/contracts';
import type { IsoDate } from '../shared/dates';
import { evt, type Actor, type DataOf, type Evt } from '../shared/events';

type Registered = DataOf<typeof officialRelativeRegistered>;
type Withdrawn = DataOf<typeof officialRelativeWithdrawn>;

/** 近亲属备案: the official and relation as the application layer sealed and hashed them. */
export type RegisterOfficialRelative = {
  type: 'register-official-relative';
  registrationId: string;
  personId: string;
  idHash: string;
  relation: Registered['relation'];
  official: Registered['official'];
  note?: Registered['note'];
  on: IsoDate;
  by: Actor;
};

/** 撤销备案: the official left office, the relation ended, or the filing was made in error. */
export type WithdrawOfficialRelative = {
  type: 'withdraw-official-relative';
  registrationId: string;
  cause: Withdrawn['cause'];
  reason: string;
  on: IsoDate;
  by: Actor;
};

export type PersonCommand = RegisterOfficialRelative | WithdrawOfficialRelative;

export type PersonEvent =
  Evt<'grid-records.official-relative.registered', Registered> | Evt<'grid-records.official-relative.withdrawn', Withdrawn>;

export interface PersonState {
  personId: string | null;
  /** Filings in force: officials (by ID hash) this person is registered as a relative of. Eligibility reads these. */
  registrations: { registrationId: string; officialIdHash: string; on: IsoDate }[];
  /** Filings withdrawn (ids): a withdrawal is not repeated, and a retried filing does not come back. */
  withdrawn: string[];
}

export const OFFICIAL_RELATIVE_SOURCE = '最低生活保障审核确认办法 近亲属备案; seed 002';

function register(cmd: RegisterOfficialRelative, s: PersonState): PersonEvent[] {
  if (s.registrations.some((r) => r.registrationId === cmd.registrationId) || s.withdrawn.includes(cmd.registrationId)) return [];
  if (s.personId !== null && s.personId !== cmd.personId)
    throw refused('wrong-person', `this stream belongs to ${s.personId}`, { field: 'personId' });
  if (cmd.official.idHash === cmd.idHash)
    throw refused('self-relative', 'an official is not their own close relative', { source: OFFICIAL_RELATIVE_SOURCE, field: 'official' });
  const same = s.registrations.find((r) => r.officialIdHash === cmd.official.idHash);
  if (same)
    throw refused('already-registered', `already registered as this official's relative (${same.registrationId})`, {
      source: OFFICIAL_RELATIVE_SOURCE,
    });
  const { type: _t, note, ...data } = cmd;
  return [evt('grid-records.official-relative.registered', { ...data, ...(note ? { note } : {}) }, cmd.on)];
}

function withdraw(cmd: WithdrawOfficialRelative, s: PersonState): PersonEvent[] {
  if (s.withdrawn.includes(cmd.registrationId))
    throw refused('already-withdrawn', `filing ${cmd.registrationId} was already withdrawn`, { source: OFFICIAL_RELATIVE_SOURCE });
  const filed = s.registrations.find((r) => r.registrationId === cmd.registrationId);
  if (!filed || s.personId === null) throw refused('unknown-registration', 'no such filing for this person', { field: 'registrationId' });
  if (cmd.on < filed.on) throw refused('date-out-of-order', `the filing took effect on ${filed.on}`, { field: 'on' });
  const { type: _t, ...data } = cmd;
  return [evt('grid-records.official-relative.withdrawn', { ...data, personId: s.personId }, cmd.on)];
}

/** Filings about one person, stream `person-<personId>`: they follow the person across households. */
export function decidePerson(cmd: PersonCommand, s: PersonState): PersonEvent[] {
  switch (cmd.type) {
    case 'register-official-relative':
      return register(cmd, s);
    case 'withdraw-official-relative':
      return withdraw(cmd, s);
  }
}

export function evolvePerson(s: PersonState, e: PersonEvent): PersonState {
  switch (e.type) {
    case 'grid-records.official-relative.registered':
      return {
        ...s,
        personId: e.data.personId,
        registrations: [
          ...s.registrations,
          { registrationId: e.data.registrationId, officialIdHash: e.data.official.idHash, on: e.data.on },
        ],
      };
    case 'grid-records.official-relative.withdrawn':
      // The filing leaves the person's registrations: applications from now on are not flagged (eligibility-facts.ts).
      return {
        ...s,
        registrations: s.registrations.filter((r) => r.registrationId !== e.data.registrationId),
        withdrawn: [...s.withdrawn, e.data.registrationId],
      };
    default:
      return s;
  }
}

export const personDecider: Decider<PersonCommand, PersonEvent, PersonState> = {
  initialState: { personId: null, registrations: [], withdrawn: [] },
  decide: decidePerson,
  evolve: evolvePerson,
};
