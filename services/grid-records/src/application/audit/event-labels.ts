import type { Envelope, ProgramCode } from '@grid/contracts';
import { CORRECTION_SOURCE, DISCLOSURE_SOURCE, ERASURE_SOURCE, PROGRAMS, SOURCES, VOTER_STANDING_SOURCE } from '../../domain';
import { DISABILITY_SOURCE, ONE_HEAD_SOURCE } from '../../domain/household/rules';

/** How an auditor reads an event: its name in Chinese and English, and the command that wrote it. */
export interface EventLabel {
  zh: string;
  en: string;
  /** The command (or rule) that decided it, as the application names it. */
  command: string;
}

const L = (zh: string, en: string, command: string): EventLabel => ({ zh, en, command });

const LABELS: Record<string, EventLabel> = {
  'grid-records.household.registered': L('登记户', 'household registered', 'register'),
  'grid-records.household.member-added': L('新增成员', 'member added', 'add-member'),
  'grid-records.household.member-removed': L('成员迁离', 'member removed', 'remove-member'),
  'grid-records.household.head-changed': L('变更户主', 'head of household changed', 'change-head'),
  'grid-records.household.transferred': L('网格调整/迁居', 'household transferred', 'transfer'),
  'grid-records.household.moved-out': L('迁出', 'household moved out', 'move-out'),
  'grid-records.household.ended': L('户销户', 'household ended', 'rule: last member died'),
  'grid-records.household.personal-data-revealed': L('查阅个人信息', 'personal data revealed', 'reveal'),
  'grid-records.household.registration-elsewhere-refused': L('重复登记待核实', 'registration elsewhere refused', 'rule: not-registrable-here'),
  'grid-records.resident.died': L('死亡登记', 'death recorded', 'record-death'),
  'grid-records.resident.death-revoked': L('撤销死亡登记', 'death revoked', 'revoke-death'),
  'grid-records.resident.erased': L('删除个人信息', 'personal data erased', 'erase'),
  'grid-records.resident.residence-recorded': L('登记户籍与居住', 'residence recorded', 'record-residence'),
  'grid-records.resident.political-rights-deprived': L('被剥夺政治权利', 'political rights deprived', 'deprive-political-rights'),
  'grid-records.resident.political-rights-restored': L('恢复政治权利', 'political rights restored', 'restore-political-rights'),
  'grid-records.resident.disability-certified': L('残疾证登记', 'disability certified', 'certify-disability'),
  'grid-records.resident.details-corrected': L('信息更正', 'details corrected', 'correct'),
  'grid-records.resident.correction-requested': L('信息更正申请', 'correction requested', 'request-correction'),
  'grid-records.resident.correction-rejected': L('不予更正', 'correction rejected', 'reject-correction'),
  'grid-records.visit.recorded': L('走访', 'visit recorded', 'record-visit'),
  'grid-records.assistance.applied': L('申请', 'applied', 'apply'),
  'grid-records.assistance.home-checked': L('入户核查', 'home checked', 'home-check'),
  'grid-records.assistance.reviewed': L('乡镇/街道审核', 'reviewed', 'review'),
  'grid-records.assistance.notice-published': L('公示', 'public notice', 'notice'),
  'grid-records.assistance.objection-raised': L('异议', 'objection raised', 'objection'),
  'grid-records.assistance.objection-decided': L('异议处理', 'objection decided', 'objection-decision'),
  'grid-records.assistance.approved': L('审批通过', 'approved', 'approve'),
  'grid-records.assistance.rejected': L('不予批准', 'rejected', 'reject'),
  'grid-records.assistance.class-changed': L('调整类别', 'class changed', 'change-class'),
  'grid-records.assistance.review-completed': L('复核', 'periodic review completed', 'review-done'),
  'grid-records.assistance.suspended': L('暂停', 'suspended', 'suspend'),
  'grid-records.assistance.resumed': L('恢复', 'resumed', 'resume'),
  'grid-records.assistance.exited': L('退出', 'exited', 'exit'),
  'grid-records.assistance.cancelled': L('注销', 'cancelled', 'cancel'),
  'grid-records.assistance.ended': L('终止 (按规则)', 'ended by rule', 'end'),
  'grid-records.assistance.coverage-ended': L('减少保障成员', 'member no longer covered', 'end-coverage'),
  'grid-records.assistance.payment-review-opened': L('补发复查', 'payment review opened', 'open-payment-review'),
  'grid-records.assistance.flagged': L('近亲属标记', 'flagged: official’s relative', 'flag'),
  'grid-records.official-relative.registered': L('近亲属备案', 'official’s relative filed', 'file'),
  'grid-records.official-relative.withdrawn': L('撤回近亲属备案', 'official’s relative filing withdrawn', 'withdraw'),
};

/** The label of an event type; an unknown type reads as its own name. */
export const labelOf = (type: string): EventLabel => LABELS[type] ?? L(type, type, type.slice(type.lastIndexOf('.') + 1));

/** The rule an event applied and where that rule comes from (a law, a bureau's standard, a seed's figure). */
export interface RuleRef {
  rule: string;
  source: string;
}

const HOUSEHOLD_RULES: Record<string, RuleRef> = {
  'grid-records.household.registered': { rule: 'one-head', source: ONE_HEAD_SOURCE },
  'grid-records.household.head-changed': { rule: 'one-head', source: ONE_HEAD_SOURCE },
  'grid-records.resident.details-corrected': { rule: 'verified-correction', source: CORRECTION_SOURCE },
  'grid-records.resident.correction-requested': { rule: 'verified-correction', source: CORRECTION_SOURCE },
  'grid-records.resident.correction-rejected': { rule: 'verified-correction', source: CORRECTION_SOURCE },
  'grid-records.resident.disability-certified': { rule: 'disability-grade', source: DISABILITY_SOURCE },
  'grid-records.household.personal-data-revealed': { rule: 'reason-required', source: DISCLOSURE_SOURCE },
  'grid-records.resident.erased': { rule: 'erasure', source: ERASURE_SOURCE },
  'grid-records.resident.residence-recorded': { rule: 'voter-standing', source: VOTER_STANDING_SOURCE },
  'grid-records.resident.political-rights-deprived': { rule: 'voter-standing', source: VOTER_STANDING_SOURCE },
  'grid-records.resident.political-rights-restored': { rule: 'voter-standing', source: VOTER_STANDING_SOURCE },
  'grid-records.official-relative.registered': { rule: 'official-relative', source: SOURCES.officialRelative },
  'grid-records.official-relative.withdrawn': { rule: 'official-relative', source: SOURCES.officialRelative },
};

/**
 * The rule of an event: the one it names itself (a coverage end by `no-double-benefit`), the cause of an end
 * taken by rule (`death`, `moved-out`), else its program's rules for a case step, or the household rule it falls under.
 */
export function ruleOf(e: Envelope, program: ProgramCode | undefined): RuleRef | null {
  const data = e.data as { rule?: string; source?: string; cause?: string };
  if (data.rule && data.source) return { rule: data.rule, source: data.source };
  if (e.type.startsWith('grid-records.assistance.') && program) {
    const source = PROGRAMS[program].source;
    if (e.type === 'grid-records.assistance.flagged') return { rule: 'official-relative', source: SOURCES.officialRelative };
    return { rule: data.cause ? `${program}: ends at ${data.cause}` : program, source };
  }
  return HOUSEHOLD_RULES[e.type] ?? null;
}
