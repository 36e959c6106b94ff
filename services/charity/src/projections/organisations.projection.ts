import type { CharityEvent, Sealed } from '@grid/contracts';
import type { Projection } from '@grid/platform';
import type { Qualification } from '../domain';
import { DONORS, ORGANISATIONS } from './collections';

export type OrganisationView = { organisationId: string; name: string; form: string; creditCode: string; regionId: string; qualification: Qualification | null };

/** A donor as public pages and receipts need them: the sealed name stays sealed (opened only to mask it). */
export type DonorView = {
  donorId: string;
  kind: 'person' | 'organisation';
  personId: string | null;
  sealedName: Sealed | null;
  organisationName: string | null;
  publicName: 'named' | 'unnamed';
};

const orgId = (streamId: string) => streamId.slice('organisation-'.length);

/** Organisations (with their qualification) and donors, from their own streams. */
export const organisationsProjection: Projection<CharityEvent> = {
  name: 'charity.organisations',
  collections: [ORGANISATIONS, DONORS],
  handles: ['charity.organisation.registered', 'charity.organisation.qualification-granted', 'charity.organisation.qualification-revoked', 'charity.donor.registered', 'charity.donor.public-name-changed'],
  async apply(e, ctx) {
    switch (e.type) {
      case 'charity.organisation.registered': {
        const { organisationId, name, form, creditCode, regionId } = e.data;
        return ctx.update<OrganisationView>(ORGANISATIONS, organisationId, () => ({ organisationId, name, form, creditCode, regionId, qualification: null }));
      }
      case 'charity.organisation.qualification-granted': {
        const { certificateRef, validFrom, validTo } = e.data;
        return ctx.update<OrganisationView>(ORGANISATIONS, orgId(e.streamId), (o) => o && { ...o, qualification: { certificateRef, validFrom, validTo, revokedOn: null } });
      }
      case 'charity.organisation.qualification-revoked':
        return ctx.update<OrganisationView>(ORGANISATIONS, orgId(e.streamId), (o) => o && o.qualification && { ...o, qualification: { ...o.qualification, revokedOn: e.data.on } });
      case 'charity.donor.registered': {
        const d = e.data;
        return ctx.update<DonorView>(DONORS, d.donorId, () => ({
          donorId: d.donorId,
          kind: d.kind,
          personId: d.personId ?? null,
          sealedName: d.sealedName ?? null,
          organisationName: d.organisationName ?? null,
          publicName: d.publicName,
        }));
      }
      case 'charity.donor.public-name-changed':
        return ctx.update<DonorView>(DONORS, e.streamId.slice('donor-'.length), (d) => d && { ...d, publicName: e.data.publicName });
    }
  },
};
