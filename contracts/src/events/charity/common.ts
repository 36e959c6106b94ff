import { z } from 'zod';

export { By, Id, IsoDate } from '../grid-records/common';
export { RuleRefSchema, type RuleRef } from '../elections/common';

/** Money in integer fen (分), never floating point. */
export const FenAmount = z.int().min(1);

/**
 * A quantity of goods in its unit, to three decimals (seed 002 counts 240,369.5 items; 675 kg of disinfectant).
 * Ledgers add quantities in thousandths, so no floating-point sum drifts.
 */
export const Quantity = z
  .number()
  .positive()
  .refine((q) => Math.abs(q * 1000 - Math.round(q * 1000)) < 1e-6, 'at most three decimals');

/** A purpose code, kebab-case (`solar-street-lights`, `poverty-relief`, `epidemic-prevention`). */
export const Purpose = z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/).max(100);

/**
 * 定向捐赠: where the donor said the money may go. Every named part must hold for an allocation: inside the
 * region (a grid-records region id), to the help project (a help-projects project id), for the purpose.
 * Seed 002: 9.3 万元 from a power company to 大湾村 for solar street lights is a region and a purpose.
 */
export const RestrictionSchema = z
  .strictObject({
    regionId: z.string().min(1).max(100).optional(),
    projectId: z.string().min(1).max(100).optional(),
    purpose: Purpose.optional(),
  })
  .refine((r) => r.regionId !== undefined || r.projectId !== undefined || r.purpose !== undefined, 'a restriction names a region, a project or a purpose');
export type Restriction = z.infer<typeof RestrictionSchema>;

/**
 * A ledger line: a signed amount in fen on an account, debit positive. The lines of one transaction sum to zero.
 * Accounts: `income:<campaignId>` (credit-normal), `unrestricted`, `restricted:<restriction key>`,
 * `allocated:<allocationId>`, `uses`, `management-costs`, `in-kind-stock:<itemKey>` and, for 定向 goods,
 * `in-kind-stock:<itemKey>/<restriction key>`.
 */
export const EntrySchema = z.strictObject({
  account: z.string().regex(/^[a-z-]+(:[^\s]{1,300})?$/),
  amountFen: z.int().refine((n) => n !== 0, 'a ledger line moves money'),
});
export type Entry = z.infer<typeof EntrySchema>;

export const EntriesSchema = z
  .array(EntrySchema)
  .min(2)
  .refine((lines) => lines.reduce((sum, l) => sum + l.amountFen, 0) === 0, 'the lines of a transaction sum to zero');

/** Who an allocation or an issue of goods goes to: a help project, a household (grid-records id), or a purpose. */
export const RecipientSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('project'), projectId: z.string().min(1).max(100) }),
  z.strictObject({ kind: z.literal('household'), householdId: z.string().min(1).max(100) }),
  z.strictObject({ kind: z.literal('purpose') }),
]);
export type Recipient = z.infer<typeof RecipientSchema>;

/**
 * A donor as events name them: a registered donor (`donor-<donorId>`, whose personal data is sealed there) or
 * nobody (匿名). `unnamedInPublic`: the donor asked not to be named on public pages for this gift.
 */
export const DonorRefSchema = z.strictObject({ donorId: z.string().min(1).max(100).nullable(), unnamedInPublic: z.boolean() });
export type DonorRef = z.infer<typeof DonorRefSchema>;
