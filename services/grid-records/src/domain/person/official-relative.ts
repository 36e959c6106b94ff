import { refused, type Decider } from '@grid/platform';
import type { officialRelativeRegistered } from '@grid/contracts';
import type { IsoDate } from '../shared/dates';
import { evt, type Actor, type DataOf, type Evt } from '../shared/events';

type Registered = DataOf<typeof officialRelativeRegistered>;

/** 近亲属备案: the official and relation as the application layer sealed and hashed them. */
export type PersonCommand = {
  type: 'register-official-relative';
  registrationId: string;
  personId: string;
  idHash: string;
  relation: Registered['relation'];
  official: Registered['official'];
  on: IsoDate;
  by: Actor;
};

export type PersonEvent = Evt<'grid-records.official-relative.registered', Registered>;

export interface PersonState {
  personId: string | null;
  /** Officials (by ID hash) this person is registered as a relative of, with the registration ids. */
  registrations: { registrationId: string; officialIdHash: string; on: IsoDate }[];
}

export const OFFICIAL_RELATIVE_SOURCE = '最低生活保障审核确认办法 近亲属备案; seed 002';

/** Filings about one person, stream `person-<personId>`: they follow the person across households. */
export function decidePerson(cmd: PersonCommand, s: PersonState): PersonEvent[] {
  if (s.registrations.some((r) => r.registrationId === cmd.registrationId)) return [];
  if (s.personId !== null && s.personId !== cmd.personId)
    throw refused('wrong-person', `this stream belongs to ${s.personId}`, { field: 'personId' });
  if (cmd.official.idHash === cmd.idHash)
    throw refused('self-relative', 'an official is not their own close relative', { source: OFFICIAL_RELATIVE_SOURCE, field: 'official' });
  const same = s.registrations.find((r) => r.officialIdHash === cmd.official.idHash);
  if (same)
    throw refused('already-registered', `already registered as this official's relative (${same.registrationId})`, {
      source: OFFICIAL_RELATIVE_SOURCE,
    });
  const { type: _t, ...data } = cmd;
  return [evt('grid-records.official-relative.registered', data, cmd.on)];
}

export function evolvePerson(s: PersonState, e: PersonEvent): PersonState {
  return {
    personId: e.data.personId,
    registrations: [...s.registrations, { registrationId: e.data.registrationId, officialIdHash: e.data.official.idHash, on: e.data.on }],
  };
}

export const personDecider: Decider<PersonCommand, PersonEvent, PersonState> = {
  initialState: { personId: null, registrations: [] },
  decide: decidePerson,
  evolve: evolvePerson,
};
