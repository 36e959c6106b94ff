import { DisabilityKindSchema, ERASURE_BASES, RegistrationSchema, RelationSchema, residentDied, householdMemberRemoved } from '@grid/contracts';
import { textSchema } from '@grid/platform/http';
import { ERASED } from '../../application/personal-data';
import { z } from 'zod';
import { DateSchema, IdNumberSchema, IdSchema, NameSchema, PhoneSchema, RevealQuerySchema, WriteResultSchema } from './common';

export const HouseholdParams = z.object({ householdId: IdSchema.describe('户 · household') });
export const MemberParams = HouseholdParams.extend({ personId: IdSchema.describe('居民 · resident') });
export const ResidentParams = z.object({ personId: IdSchema.describe('居民 · resident') });

export const ResidentBody = z
  .object({
    relation: RelationSchema.describe(
      '与户主关系 · relation to the head (head, spouse, child, parent, grandchild, grandparent, sibling, child-in-law, other)',
    ),
    name: NameSchema,
    idNumber: IdNumberSchema,
    phone: PhoneSchema.optional(),
  })
  .describe('居民 (个人信息加密保存) · resident (personal data is stored encrypted)');

export const RegisterHouseholdBody = z
  .object({
    gridId: IdSchema.describe('所属网格 · grid or micro-grid'),
    buildingId: IdSchema.optional().describe('楼栋 · building'),
    address: textSchema({ max: 200 }).describe('门牌地址 · door address'),
    registration: RegistrationSchema.describe('户籍类型: 城镇/农村 · urban or rural registration'),
    members: z.array(ResidentBody).min(1).max(30).describe('家庭成员, 恰有一名户主 · members, exactly one head'),
    on: DateSchema,
  })
  .describe('登记户 · register a household');

export const AddMemberBody = z.object({ member: ResidentBody, on: DateSchema }).describe('新增成员 · add a member');

export const RemoveMemberBody = z
  .object({ reason: householdMemberRemoved.data.shape.reason.describe('迁出原因 · why the member left'), on: DateSchema })
  .describe('成员迁出本户 · a member leaves the household');

export const ChangeHeadBody = z
  .object({ personId: IdSchema.describe('新户主 · new head'), on: DateSchema })
  .describe('变更户主 · change the head');

export const TransferBody = z
  .object({
    toGridId: IdSchema.describe('迁入网格 · new grid'),
    buildingId: IdSchema.optional().describe('楼栋 · building'),
    on: DateSchema,
  })
  .describe('转移网格 · move to another grid');

export const MoveOutBody = z.object({ on: DateSchema }).describe('迁出本区 · move out of the district');

export const DeathBody = z
  .object({
    diedOn: DateSchema.describe('死亡日期 (可早于登记日) · date of death, may lie long before today'),
    evidence: residentDied.data.shape.evidence.describe('依据 · evidence'),
    newHeadId: IdSchema.optional().describe('户主死亡时的新户主 · new head when the head died'),
  })
  .describe('登记死亡 · record a death');

export const DeathRevocationBody = z
  .object({
    reason: textSchema({ max: 500, multiline: true }).describe('撤销理由 (如 同名误报、虚假报告) · why the death was recorded in error'),
    evidence: textSchema({ max: 500, multiline: true }).describe('核查依据 (如 公安户籍核查、医院证明; 加密保存) · document reference (stored encrypted)'),
    on: DateSchema.optional().describe('撤销日期, 默认今天 · date of the revocation, today when omitted'),
  })
  .describe('撤销死亡登记 · revoke a death recorded in error');

export const DisabilityBody = z
  .object({
    kind: DisabilityKindSchema.describe('残疾类别 · kind'),
    grade: z.int().min(1).max(4).describe('残疾等级 1–4 (一级最重) · grade 1 (most severe) to 4'),
    certificateNo: textSchema({ max: 40 }).optional().describe('残疾证号 · certificate number'),
    certifiedOn: DateSchema.describe('发证日期 · date certified'),
  })
  .describe('登记残疾证 · record a disability certificate');

/**
 * 信息更正: any of name, ID number (GB 11643-checked here: a 400 names `idNumber`), phone; the reason is required.
 * Birth date and sex follow a corrected ID number.
 */
export const CorrectionBody = z
  .object({
    name: NameSchema.optional(),
    idNumber: IdNumberSchema.optional().describe(
      '更正后的公民身份号码 (出生日期、性别随之更正) · corrected ID number (birth date and sex follow)',
    ),
    phone: PhoneSchema.optional(),
    reason: textSchema({ max: 500, multiline: true }).describe('更正理由 · why the record is wrong'),
    evidence: textSchema({ max: 500, multiline: true })
      .optional()
      .describe('证明材料 (加密保存) · supporting document reference (stored encrypted)'),
  })
  .superRefine((b, ctx) => {
    if (b.name === undefined && b.idNumber === undefined && b.phone === undefined) {
      ctx.addIssue({ code: 'custom', message: 'name at least one of name, idNumber, phone', params: { rule: 'nothing-to-correct' } });
    }
  })
  .describe(
    '信息更正 (姓名、身份证号需社区/街道/区工作人员确认) · correct a resident’s details (name and ID number need an official’s confirmation)',
  );

export const CorrectionParams = ResidentParams.extend({ correctionId: IdSchema.describe('更正申请 · correction request') });

export const CorrectionDecisionBody = z
  .object({ reason: textSchema({ max: 500, multiline: true }).describe('不予更正的理由 · why it is turned down') })
  .describe('不予更正 · turn a correction down');

export const CorrectionResultSchema = WriteResultSchema.extend({
  correctionId: z.string().describe('更正申请 · correction request'),
  state: z.enum(['applied', 'pending']).describe('applied: 已更正; pending: 待工作人员确认 · awaits an official'),
});

export const PendingCorrectionsSchema = z
  .object({
    items: z.array(
      z.object({
        correctionId: z.string(),
        personId: z.string(),
        fields: z
          .array(z.enum(['name', 'idNumber', 'phone']))
          .describe('申请更正的项目 (新值见户的历史) · fields to correct (new values: the household history)'),
        reason: z.string(),
        requestedBy: z.object({ id: z.string(), role: z.string() }),
        requestedOn: z.string(),
      }),
    ),
  })
  .describe('待确认的更正申请 · corrections awaiting an official');

export const HouseholdQuerySchema = RevealQuerySchema;

export const ListQuerySchema = z.object({
  regionId: IdSchema.optional().describe('区域 (默认: 调用者的全部范围) · region (default: the caller’s whole scope)'),
  status: z.enum(['active', 'moved-out', 'ended']).optional().describe('状态 · status'),
  cursor: z.string().max(300).optional().describe('翻页游标 · cursor from the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('每页条数 · page size'),
});

export const MemberWriteResultSchema = WriteResultSchema.extend({ personId: z.string().describe('居民 · resident') });

const Shown = z.string().nullable().describe('按角色显示: 明文或脱敏; 个人信息删除后为 已删除 · clear or masked by role; 已删除 once erased');

export const MemberSchema = z.object({
  personId: z.string(),
  relation: RelationSchema,
  name: Shown,
  idNumber: Shown,
  phone: Shown,
  birthDate: z.string().nullable().describe('出生日期: 仅明文视图; 脱敏视图为 null · in clear views only; null when masked'),
  birthYear: z.number().int().describe('出生年份 · birth year, in every view'),
  sex: z.enum(['male', 'female']),
  joinedOn: z.string(),
  leftOn: z.string().nullable(),
  diedOn: z.string().nullable(),
  disability: z
    .object({
      kind: z.string().describe('残疾类别; 个人信息删除后为 已删除 · kind; 已删除 once erased'),
      grade: z.union([z.int(), z.literal(ERASED)]).describe('残疾等级; 个人信息删除后为 已删除 · grade; 已删除 once erased'),
      certificateNo: Shown,
      certifiedOn: z.string(),
    })
    .nullable(),
});

export const HouseholdSchema = z
  .object({
    id: z.string(),
    revision: z.number().int(),
    gridId: z.string(),
    buildingId: z.string().nullable(),
    regionPath: z
      .array(z.object({ id: z.string(), level: z.string(), name: z.string() }))
      .describe('所在区域, 自区起 · where it lies, district first'),
    registration: RegistrationSchema,
    address: Shown,
    headId: z.string(),
    status: z.enum(['active', 'moved-out', 'ended']),
    registeredOn: z.string(),
    movedOutOn: z.string().nullable(),
    endedOn: z.string().nullable(),
    members: z.array(MemberSchema),
    statuses: z.array(
      z.object({
        caseId: z.string(),
        program: z.string(),
        class: z.string().nullable(),
        personId: z.string().nullable(),
        since: z.string(),
      }),
    ),
    disclosure: z.enum(['clear', 'masked']).describe('个人信息显示方式 · how personal data is shown'),
  })
  .describe('户 · household');

export const HouseholdSummarySchema = HouseholdSchema.pick({
  id: true,
  revision: true,
  gridId: true,
  status: true,
  registeredOn: true,
  headId: true,
}).extend({
  headName: Shown,
  members: z.number().int().describe('在册成员数 · current living members'),
});

export const HouseholdPageSchema = z.object({
  items: z.array(HouseholdSummarySchema),
  total: z.number().int().describe('符合条件的总数 · matching households in all pages'),
  nextCursor: z.string().nullable(),
  disclosure: z.enum(['clear', 'masked']),
});

export const HistorySchema = z.object({
  id: z.string(),
  chain: z
    .object({ ok: z.boolean(), eventsChecked: z.number().int(), firstFault: z.unknown().nullable() })
    .describe('哈希链校验 · hash-chain check'),
  events: z.array(
    z.object({
      envelope: z
        .record(z.string(), z.unknown())
        .describe('原始事件 (含密文与哈希; 明文视图可独立校验) · the stored envelope, ciphertext and hashes: verifiable in a clear view; a masked view cuts birth dates to the year and relies on chain'),
      shown: z.record(z.string(), z.unknown()).describe('按角色显示的事件数据 · the data as this caller may see it'),
    }),
  ),
  disclosure: z.enum(['clear', 'masked']),
});

export const ErasureBody = z
  .object({
    legalBasis: z.enum(ERASURE_BASES).describe('删除依据 (个人信息保护法 第四十七条第一款 (一)–(五)) · legal basis'),
    reference: textSchema({ max: 200 }).describe('删除决定文号 (不含身份证号) · the decision’s reference'),
    on: DateSchema.describe('删除日期 · date of the decision'),
  })
  .describe('删除个人信息 · erase a resident’s personal data');

const LegalText = textSchema({ max: 200 });

export const ResidenceBody = z
  .object({
    hukou: z.enum(['here', 'elsewhere']).describe('户籍在本社区/村 或 外地 · 户籍 here or elsewhere'),
    living: z.enum(['here', 'away']).describe('在本地居住 或 外出 · living here or away'),
    since: DateSchema.describe('自何日起如此居住 · living so since'),
    on: DateSchema.describe('登记日期 · date recorded'),
  })
  .describe('户籍与居住 (村民委员会组织法 第十三条) · where the 户籍 is and where the resident lives');

export const PoliticalRightsDeprivationBody = z
  .object({
    from: DateSchema.describe('剥夺政治权利起始日 · from'),
    until: DateSchema.nullable().describe('终止日, 终身剥夺为 null · until, null for life'),
    legalSource: LegalText.describe('法律依据 (如 刑法 第五十四条) · legal source'),
    courtReference: LegalText.describe('判决书文号 (不含身份证号) · the judgment’s reference'),
    on: DateSchema.describe('登记日期 · date recorded'),
  })
  .describe('被剥夺政治权利 · deprived of political rights');

export const PoliticalRightsRestorationBody = z
  .object({
    legalSource: LegalText.describe('法律依据 (如 刑法 第五十八条) · legal source'),
    reference: LegalText.describe('文书文号 · the document’s reference'),
    on: DateSchema.describe('恢复日期 · restored from'),
  })
  .describe('恢复政治权利 · political rights restored');
