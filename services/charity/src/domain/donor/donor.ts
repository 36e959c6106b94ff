import { refused, type Decider } from '@grid/platform/decider';
import type { Actor } from '@grid/contracts';
import type { IsoDate } from '../dates';
import { evt, type CharityEventData, type DonorEvent } from '../events';

type Registered = CharityEventData['charity.donor.registered'];
type PublicName = Registered['publicName'];

export type DonorCommand =
  | ({ type: 'register-donor' } & Omit<Registered, 'on' | 'by'> & { on: IsoDate; by: Actor })
  | { type: 'set-public-name'; publicName: PublicName; on: IsoDate; by: Actor };

export type DonorState = null | { donorId: string; publicName: PublicName };

/** A person is a resident's id or a sealed name, never both and never a name in clear; an organisation has its name. */
function identified(cmd: Extract<DonorCommand, { type: 'register-donor' }>): void {
  const person = (cmd.personId !== undefined ? 1 : 0) + (cmd.sealedName !== undefined ? 1 : 0);
  if (cmd.kind === 'person' && (person !== 1 || cmd.organisationName !== undefined)) {
    throw refused('person-identified-once', 'a person donor is a grid-records person id or a sealed name, and nothing in clear', { field: 'personId' });
  }
  if (cmd.kind === 'organisation' && (person !== 0 || cmd.organisationName === undefined)) {
    throw refused('organisation-named', 'an organisation donor has its name and no personal fields', { field: 'organisationName' });
  }
}

function decide(cmd: DonorCommand, s: DonorState): DonorEvent[] {
  switch (cmd.type) {
    case 'register-donor': {
      if (s) throw refused('donor-exists', `${s.donorId} is already registered`);
      identified(cmd);
      const { type: _type, ...data } = cmd;
      return [evt('charity.donor.registered', data, cmd.on)];
    }
    case 'set-public-name':
      if (!s) throw refused('no-donor', 'no donor with this id is registered');
      if (s.publicName === cmd.publicName) return [];
      return [evt('charity.donor.public-name-changed', { publicName: cmd.publicName, on: cmd.on, by: cmd.by }, cmd.on)];
  }
}

function evolve(s: DonorState, e: DonorEvent): DonorState {
  switch (e.type) {
    case 'charity.donor.registered':
      return { donorId: e.data.donorId, publicName: e.data.publicName };
    case 'charity.donor.public-name-changed':
      return s && { ...s, publicName: e.data.publicName };
  }
}

/** Stream `donor-<donorId>`. */
export const donorDecider: Decider<DonorCommand, DonorEvent, DonorState> = { initialState: null, decide, evolve };
