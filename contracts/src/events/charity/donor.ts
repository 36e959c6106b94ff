import { z } from 'zod';
import { SealedSchema } from '../../personal-data';
import { defineEvent } from '../../registry';
import { By, Id, IsoDate } from './common';

// Stream `donor-<donorId>`: a donor who gave their name. Anonymous gifts have no donor stream at all.

export const donorRegistered = defineEvent({
  type: 'charity.donor.registered',
  schemaVersion: 1,
  description:
    'A donor was registered: a resident (grid-records person id), another person (name sealed under their own key) or an organisation (name in clear). No personal data in clear.',
  /** Strict: no field beside these, so no name or phone in clear rides along. */
  data: z.strictObject({
    donorId: Id,
    kind: z.enum(['person', 'organisation']),
    /** A resident known to grid-records: the person id, nothing else. */
    personId: Id.optional(),
    /** Any other person: the name sealed (AES-256-GCM, crypto-shredded with the key). */
    sealedName: SealedSchema.optional(),
    /** An organisation's or business's name (not personal data). */
    organisationName: z.string().min(1).max(200).optional(),
    /** Named on public pages, or shown as 爱心人士 (a donor may ask to stay unnamed in public). */
    publicName: z.enum(['named', 'unnamed']),
    on: IsoDate,
    by: By,
  }),
});

export const donorPublicNameChanged = defineEvent({
  type: 'charity.donor.public-name-changed',
  schemaVersion: 1,
  description: 'The donor asked to be named, or no longer named, on public pages.',
  data: z.object({ publicName: z.enum(['named', 'unnamed']), on: IsoDate, by: By }),
});

export const donorEvents = [donorRegistered, donorPublicNameChanged];
