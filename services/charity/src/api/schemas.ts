import { CampaignKindSchema, DisclosureKindSchema, GiftSchema, GoodsDestinationSchema, pledgeMade, Purpose, Quantity, RecipientSchema, RestrictionSchema } from '@grid/contracts';
import { textSchema } from '@grid/platform/http';
import { z } from 'zod';

const Id = z.string().min(1).max(100);
const Day = z.iso.date();
const Fen = z.int().min(1).max(Number.MAX_SAFE_INTEGER);

export const OrganisationParams = z.object({ organisationId: Id });
export const CampaignParams = z.object({ campaignId: Id });
export const DonationParams = z.object({ donationId: Id });
export const FundParams = z.object({ fundId: Id });
export const AllocationParams = z.object({ allocationId: Id });
export const HouseholdParams = z.object({ householdId: Id });
export const ProjectParams = z.object({ projectId: Id });

export const WriteResultSchema = z.object({ id: z.string(), revision: z.int() });

export const RegisterOrganisationBody = z
  .object({
    name: textSchema({ max: 200 }).describe('名称 · e.g. 冷水滩区慈善总会'),
    form: z.enum(['foundation', 'social-organisation', 'social-service-agency']).describe('基金会, 社会团体, 社会服务机构'),
    creditCode: z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/).describe('统一社会信用代码'),
    regionId: Id.describe('登记所在区划 · the district or street it is registered in'),
    registeredOn: Day,
    on: Day,
  })
  .describe('登记慈善组织 · register a charitable organisation');

export const QualificationBody = z
  .object({ certificateRef: textSchema({ max: 100 }), validFrom: Day, validTo: Day.nullable().default(null), on: Day })
  .describe('公开募捐资格 · grant the public-fundraising qualification');

export const OpenFundBody = z.object({ organisationId: Id, name: textSchema({ max: 200 }), on: Day }).describe('设立慈善基金 · open a fund');

export const LaunchCampaignBody = z
  .object({
    organisationId: Id,
    name: textSchema({ max: 200 }).describe('e.g. 2020年慈善一日捐'),
    kind: CampaignKindSchema,
    public: z.boolean().describe('公开募捐 (needs the qualification) or 定向募捐'),
    from: Day,
    to: Day,
    targetFen: Fen.nullable().default(null),
    purpose: Purpose,
    emergency: z.boolean().default(false).describe('重大突发事件: receipts disclosed every 5 days'),
    fundId: Id,
    on: Day,
  })
  .describe('发起募捐活动 · launch a campaign');

const unnamed = z.boolean().default(false).describe('不愿具名 · not named on public pages');
export const DonorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('anonymous') }),
  z.object({ kind: z.literal('resident'), personId: Id.describe('grid-records person id'), unnamedInPublic: unnamed }),
  z.object({ kind: z.literal('person'), name: textSchema({ max: 100 }).describe('姓名 (sealed at once, never stored in clear)'), unnamedInPublic: unnamed }),
  z.object({ kind: z.literal('organisation'), name: textSchema({ max: 200 }), unnamedInPublic: unnamed }),
  z.object({ kind: z.literal('registered'), donorId: Id, unnamedInPublic: unnamed }),
]);

export const DonationBody = z
  .object({
    donor: DonorSchema,
    gift: GiftSchema,
    pledgeId: Id.nullable().default(null),
    restriction: RestrictionSchema.nullable().default(null).describe('定向: region, project and/or purpose the donor named'),
    on: Day,
  })
  .describe('接收捐赠 · receive a donation; its receipt (捐赠票据) is issued in the same request');
export const PledgeParams = z.object({ campaignId: Id, pledgeId: Id });

export const PledgeBody = z
  .object({
    donor: DonorSchema,
    basis: pledgeMade.data.shape.basis.describe('a fixed sum in fen, or 消费捐: a share of sales of named products until a day'),
    restriction: RestrictionSchema.nullable().default(null).describe('定向: the donations paying it carry the same restriction'),
    on: Day,
  })
  .describe('认捐 · record a pledge; donations that pay it name it (`pledgeId`) and each gets its receipt');

export const CancelPledgeBody = z.object({ reason: textSchema({ max: 500 }), on: Day }).describe('撤销认捐 · withdraw or write off a pledge; what it paid stays received');

export const DonationResultSchema = WriteResultSchema.extend({ receipt: z.object({ seq: z.int(), number: z.string() }) });

export const VoidReceiptBody = z
  .object({ reason: textSchema({ max: 500 }), reissue: z.boolean().default(false).describe('重开: a corrected receipt under the next number'), amountFen: Fen.optional(), on: Day })
  .describe('作废捐赠票据 · void a receipt (and reissue it)');

export const ReissueReceiptBody = z
  .object({ reason: textSchema({ max: 500 }).describe('重开的理由'), amountFen: Fen.optional().describe('the corrected amount (default: as before)'), on: Day })
  .describe('重开捐赠票据 · reissue the receipt under the next number, voiding it if still live');

export const AllocationBody = z
  .object({
    recipient: RecipientSchema,
    regionId: Id.optional().describe('where a project or purpose serves (a household’s region is known from its grid)'),
    purpose: Purpose,
    amountFen: Fen,
    restriction: RestrictionSchema.nullable().default(null).describe('the restricted (定向) account drawn on; null: unrestricted money'),
    on: Day,
  })
  .describe('分配 · allocate money to a household, a help project or a purpose');

export const GoodsIssueBody = z
  .object({
    itemKey: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).max(100),
    quantity: Quantity,
    to: GoodsDestinationSchema.describe('慈善超市, a household (grid-records id) or a help project'),
    restriction: RestrictionSchema.nullable().default(null).describe('the 定向 stock drawn on; null: the item’s undirected stock'),
    regionId: Id.optional().describe('where a project or charity supermarket serves (a household’s region is known from its grid)'),
    purpose: Purpose.optional().describe('what the goods are for (checked against a 定向 purpose)'),
    evidenceRef: textSchema({ max: 200 }).describe('出库单、签收单'),
    on: Day,
  })
  .describe('物资出库 · issue goods from stock to a charity supermarket, a household or a help project');

export const UseBody = z.object({ amountFen: Fen, evidenceRef: textSchema({ max: 200 }).describe('票据、签收单、验收报告'), on: Day }).describe('使用 · record a use of allocated money');

export const DisclosureBody = z
  .object({ kind: DisclosureKindSchema, coversTo: Day, reportRef: textSchema({ max: 200 }).describe('where it is published'), on: Day })
  .describe('公示 · publish a disclosure');

export const FlagOverdueBody = z.object({ on: Day.describe('as of this day') }).describe('记录逾期未公示 · record the overdue disclosures');
export const OnQuery = z.object({ on: Day.optional().describe('as of this day (default: today)') });
export const YearQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).describe('年度 · the year') });
export const LedgerQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100).describe('latest transactions shown') });
