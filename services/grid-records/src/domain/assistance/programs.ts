import type { LivingClass, ProgramCode, Registration } from '@grid/contracts';

/** Where the rules come from; refusals name them. */
export const SOURCES = {
  assistanceMeasures: '社会救助暂行办法 (国务院令第649号)',
  minimumLivingProcedure: '社会救助暂行办法 第十一条; 最低生活保障审核确认办法 (民发〔2021〕57号)',
  extremePoverty: '特困人员认定办法 (民发〔2021〕43号); seed 002: 失能半失能特困人员照料护理协议',
  temporary: 'seed 002: 临时救助审批权限下放乡镇, 每人每次≤2000元 (2020年4月起)',
  noDoubleBenefit: '社会救助暂行办法 (国务院令第649号); 特困人员认定办法 (民发〔2021〕43号): 特困供养人员不再同时享受最低生活保障',
  disabilitySubsidies: '国发〔2015〕52号 困难残疾人生活补贴和重度残疾人护理补贴; seed 002: 特困不享受两项补贴',
  orphan: '国办发〔2010〕54号 关于加强孤儿保障工作的意见',
  unsupportedChild: '民发〔2019〕62号 关于进一步加强事实无人抚养儿童保障工作的意见',
  childInDifficulty: '国发〔2016〕36号 关于加强困境儿童保障工作的意见',
  leftBehindChild: '国发〔2016〕13号 关于加强农村留守儿童关爱保护工作的意见',
  elderly: '中华人民共和国老年人权益保障法 第二条 (60周岁以上)',
  advancedAge: '高龄津贴 80周岁以上 (local policy; assumption)',
  officialRelative: '最低生活保障审核确认办法 近亲属备案; seed 002: 加强低保近亲属备案管理',
  veteran: '军人抚恤优待条例',
  monitoring: '防止返贫动态监测和帮扶机制 (seed 002: 监测户)',
  reviewCalendar: '分类复核 A/B 每年, C 城市每季 农村每半年 (district calendar; assumption)',
} as const;

export type Approval =
  /** 区县民政 approves (审批). */
  | 'district'
  /** 乡镇/街道 may approve (care registers without money). */
  | 'township'
  /** 乡镇/街道 approves up to a per-person amount, the district above it (临时救助). */
  | { townshipUpToFen: number };

/** One program's lifecycle, as data: which steps it has, who approves, how often it is reviewed. */
export interface ProgramDefinition {
  code: ProgramCode;
  term: string;
  /** Household programs cover listed members; person programs name one person. */
  subject: 'household' | 'person';
  homeCheck: boolean;
  /** 公示 in the village / community, at least NOTICE_MIN_DAYS. Not for children: their data is not published. */
  notice: boolean;
  approval: Approval;
  /** 低保 classes A/B/C. */
  classes: boolean;
  /** Paid once (临时救助): no suspension, exit or class change. */
  oneOff: boolean;
  /** Months until the next periodic review (复核), or null when the program has no review calendar. */
  reviewMonths: ((cls: LivingClass | null, registration: Registration) => number) | null;
  source: string;
}

/** 公示期 7 days (最低生活保障审核确认办法). */
export const NOTICE_MIN_DAYS = 7;
/** 临时救助: the township approves up to 2000 元 per person per time (seed 002). */
export const TOWNSHIP_TEMPORARY_LIMIT_FEN = 200_000;

/** Care registers (关爱/监测名册): visits and watch, no money. */
export const CARE_REGISTERS: readonly ProgramCode[] = [
  'low-income-marginal',
  'left-behind-child',
  'left-behind-elderly',
  'solitary-elderly',
  'monitored',
];

/** Statuses paid month by month (not a care register, not a one-off 临时救助): their start follows the standards' rule. */
export const paidMonthly = (program: ProgramCode): boolean => !CARE_REGISTERS.includes(program) && !PROGRAMS[program].oneOff;

const person = { subject: 'person', classes: false, oneOff: false, reviewMonths: null } as const;

export const PROGRAMS: Record<ProgramCode, ProgramDefinition> = {
  'minimum-living': {
    code: 'minimum-living',
    term: '低保',
    subject: 'household',
    homeCheck: true,
    notice: true,
    approval: 'district',
    classes: true,
    oneOff: false,
    reviewMonths: (cls, registration) => (cls === 'C' ? (registration === 'urban' ? 3 : 6) : 12),
    source: SOURCES.minimumLivingProcedure,
  },
  'low-income-marginal': {
    code: 'low-income-marginal',
    term: '低保边缘',
    subject: 'household',
    homeCheck: true,
    notice: true,
    approval: 'district',
    classes: false,
    oneOff: false,
    reviewMonths: () => 12, // assumption: yearly, like 低保 A/B
    source: SOURCES.minimumLivingProcedure,
  },
  'extreme-poverty': {
    ...person,
    code: 'extreme-poverty',
    term: '特困',
    homeCheck: true,
    notice: true,
    approval: 'district',
    reviewMonths: () => 12, // assumption: yearly review of 特困
    source: SOURCES.extremePoverty,
  },
  temporary: {
    ...person,
    code: 'temporary',
    term: '临时救助',
    homeCheck: true,
    notice: false,
    approval: { townshipUpToFen: TOWNSHIP_TEMPORARY_LIMIT_FEN },
    oneOff: true,
    source: SOURCES.temporary,
  },
  'disability-living': {
    ...person,
    code: 'disability-living',
    term: '困难残疾人生活补贴',
    homeCheck: false,
    notice: false,
    approval: 'district',
    source: SOURCES.disabilitySubsidies,
  },
  'disability-care': {
    ...person,
    code: 'disability-care',
    term: '重度残疾人护理补贴',
    homeCheck: false,
    notice: false,
    approval: 'district',
    source: SOURCES.disabilitySubsidies,
  },
  orphan: { ...person, code: 'orphan', term: '孤儿', homeCheck: true, notice: false, approval: 'district', source: SOURCES.orphan },
  'unsupported-child': {
    ...person,
    code: 'unsupported-child',
    term: '事实无人抚养儿童',
    homeCheck: true,
    notice: false,
    approval: 'district',
    source: SOURCES.unsupportedChild,
  },
  'child-in-difficulty': {
    ...person,
    code: 'child-in-difficulty',
    term: '困境儿童',
    homeCheck: true,
    notice: false,
    approval: 'district',
    source: SOURCES.childInDifficulty,
  },
  'left-behind-child': {
    ...person,
    code: 'left-behind-child',
    term: '留守儿童',
    homeCheck: true,
    notice: false,
    approval: 'township',
    source: SOURCES.leftBehindChild,
  },
  'advanced-age': {
    ...person,
    code: 'advanced-age',
    term: '高龄补贴',
    homeCheck: false,
    notice: false,
    approval: 'district',
    source: SOURCES.advancedAge,
  },
  'left-behind-elderly': {
    ...person,
    code: 'left-behind-elderly',
    term: '留守老人',
    homeCheck: true,
    notice: false,
    approval: 'township',
    source: SOURCES.elderly,
  },
  'solitary-elderly': {
    ...person,
    code: 'solitary-elderly',
    term: '独居老人',
    homeCheck: true,
    notice: false,
    approval: 'township',
    source: SOURCES.elderly,
  },
  monitored: {
    code: 'monitored',
    term: '监测户',
    subject: 'household',
    homeCheck: true,
    notice: false,
    approval: 'township',
    classes: false,
    oneOff: false,
    reviewMonths: null,
    source: SOURCES.monitoring,
  },
  'entitled-veteran': {
    ...person,
    code: 'entitled-veteran',
    term: '优抚对象',
    homeCheck: false,
    notice: false,
    approval: 'district',
    source: SOURCES.veteran,
  },
};

export const CHILD_PROGRAMS: readonly ProgramCode[] = ['orphan', 'unsupported-child', 'child-in-difficulty', 'left-behind-child'];
/** Age limits in completed years on the application date. */
export const ADULT_AGE = 18;
export const ELDERLY_AGE = 60;
export const ADVANCED_AGE = 80;
