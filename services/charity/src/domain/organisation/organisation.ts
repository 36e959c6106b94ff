import { refused, type Decider } from '@grid/platform/decider';
import type { Actor } from '@grid/contracts';
import type { IsoDate } from '../dates';
import { evt, type CharityEventData, type OrganisationEvent } from '../events';

type Registered = CharityEventData['charity.organisation.registered'];

export type OrganisationCommand =
  | ({ type: 'register-organisation' } & Omit<Registered, 'on' | 'by'> & { on: IsoDate; by: Actor })
  | { type: 'grant-qualification'; certificateRef: string; validFrom: IsoDate; validTo: IsoDate | null; on: IsoDate; by: Actor }
  | { type: 'revoke-qualification'; reason: string; on: IsoDate; by: Actor };

export interface Qualification {
  certificateRef: string;
  validFrom: IsoDate;
  validTo: IsoDate | null;
  revokedOn: IsoDate | null;
}

export type OrganisationState = null | { organisationId: string; name: string; regionId: string; qualification: Qualification | null };

/** Whether the organisation may run a public campaign on `on` (公开募捐资格, in force that day). */
export function qualifiedOn(q: Qualification | null, on: IsoDate): boolean {
  if (!q || q.validFrom > on) return false;
  if (q.validTo !== null && q.validTo < on) return false;
  return q.revokedOn === null || q.revokedOn > on;
}

function decide(cmd: OrganisationCommand, s: OrganisationState): OrganisationEvent[] {
  if (cmd.type === 'register-organisation') {
    if (s) throw refused('organisation-exists', `${s.organisationId} is already registered`);
    const { type: _type, ...data } = cmd;
    return [evt('charity.organisation.registered', data, cmd.on)];
  }
  if (!s) throw refused('no-organisation', 'no organisation with this id is registered');
  switch (cmd.type) {
    case 'grant-qualification': {
      if (cmd.validTo !== null && cmd.validTo < cmd.validFrom) throw refused('period-reversed', 'a qualification ends after it starts', { field: 'validTo' });
      const { type: _type, ...data } = cmd;
      return [evt('charity.organisation.qualification-granted', data, cmd.on)];
    }
    case 'revoke-qualification': {
      const q = s.qualification;
      if (!q || q.revokedOn !== null) throw refused('not-qualified', 'the organisation holds no public-fundraising qualification to revoke');
      return [evt('charity.organisation.qualification-revoked', { certificateRef: q.certificateRef, reason: cmd.reason, on: cmd.on, by: cmd.by }, cmd.on)];
    }
  }
}

function evolve(s: OrganisationState, e: OrganisationEvent): OrganisationState {
  switch (e.type) {
    case 'charity.organisation.registered':
      return { organisationId: e.data.organisationId, name: e.data.name, regionId: e.data.regionId, qualification: null };
    case 'charity.organisation.qualification-granted':
      return s && { ...s, qualification: { certificateRef: e.data.certificateRef, validFrom: e.data.validFrom, validTo: e.data.validTo, revokedOn: null } };
    case 'charity.organisation.qualification-revoked':
      return s && s.qualification && { ...s, qualification: { ...s.qualification, revokedOn: e.data.on } };
  }
}

/** Stream `organisation-<organisationId>`. */
export const organisationDecider: Decider<OrganisationCommand, OrganisationEvent, OrganisationState> = { initialState: null, decide, evolve };
