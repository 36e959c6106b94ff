import type { Member, Registration } from '@grid/contracts';
import type { DisabilityKind } from '../domain';

/**
 * The register (户籍登记表) as grid workers keep it: one row a resident, the household named by its head and door
 * address. Import, template, refusal report and export all use these columns, in this order.
 */
export const REGISTER_COLUMNS = [
  { key: 'headName', header: '户主姓名', width: 10 },
  { key: 'relation', header: '与户主关系', width: 10 },
  { key: 'name', header: '姓名', width: 10 },
  { key: 'idNumber', header: '身份证号', width: 21 },
  { key: 'sex', header: '性别', width: 6 },
  { key: 'birthDate', header: '出生日期', width: 12 },
  { key: 'registration', header: '户籍类别', width: 9 },
  { key: 'address', header: '住址', width: 28 },
  { key: 'phone', header: '联系电话', width: 14 },
  { key: 'disabilityKind', header: '残疾类别', width: 9 },
  { key: 'disabilityGrade', header: '残疾等级', width: 9 },
  { key: 'on', header: '登记日期', width: 12 },
  { key: 'remark', header: '备注', width: 20 },
] as const;

export type ColumnKey = (typeof REGISTER_COLUMNS)[number]['key'];
/** Columns a register must have; the others may be missing (empty). */
export const REQUIRED_COLUMNS: readonly ColumnKey[] = ['headName', 'relation', 'name', 'idNumber', 'registration', 'address'];

export const REGISTER_SHEET = '户籍登记';
export const OPTIONS_SHEET = '选项';
export const STATUS_SHEET = '户状态';
/** The refusal report's extra column: what to fix in the row. */
export const ERROR_HEADER = '错误 (请修改后重新导入)';
export const NOTICE_HEADER = '提示';

export const headerOf = (key: ColumnKey): string => REGISTER_COLUMNS.find((c) => c.key === key)!.header;

/** 与户主关系: the words the template offers first, then the usual variants seen in registers. */
export const RELATIONS: Record<string, Member['relation']> = {
  户主: 'head',
  配偶: 'spouse',
  子女: 'child',
  父母: 'parent',
  孙子女: 'grandchild',
  祖父母: 'grandparent',
  兄弟姐妹: 'sibling',
  儿媳女婿: 'child-in-law',
  其他: 'other',
  本人: 'head',
  妻: 'spouse',
  夫: 'spouse',
  妻子: 'spouse',
  丈夫: 'spouse',
  子: 'child',
  女: 'child',
  儿子: 'child',
  女儿: 'child',
  长子: 'child',
  长女: 'child',
  次子: 'child',
  次女: 'child',
  父亲: 'parent',
  母亲: 'parent',
  孙子: 'grandchild',
  孙女: 'grandchild',
  外孙子: 'grandchild',
  外孙女: 'grandchild',
  祖父: 'grandparent',
  祖母: 'grandparent',
  外祖父: 'grandparent',
  外祖母: 'grandparent',
  兄: 'sibling',
  弟: 'sibling',
  姐: 'sibling',
  妹: 'sibling',
  儿媳: 'child-in-law',
  女婿: 'child-in-law',
};

export const REGISTRATIONS: Record<string, Registration> = { 城镇: 'urban', 农村: 'rural', 非农业: 'urban', 农业: 'rural' };
export const SEXES: Record<string, Member['sex']> = { 男: 'male', 女: 'female' };
export const DISABILITY_KINDS: Record<string, DisabilityKind> = {
  视力: 'visual',
  听力: 'hearing',
  言语: 'speech',
  肢体: 'physical',
  智力: 'intellectual',
  精神: 'mental',
  多重: 'multiple',
};
/** 残疾等级 一级 (most severe) to 四级. */
export const DISABILITY_GRADES: Record<string, number> = { 一级: 1, 二级: 2, 三级: 3, 四级: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/** The word the template and the export write for a code: the first key naming it (digits are only read, never written). */
export const wordFor = <T>(vocabulary: Record<string, T>, code: T): string => Object.entries(vocabulary).find(([w, c]) => c === code && !/^\d+$/.test(w))![0];
/** The words a column's drop-down offers: one per code. */
export const choicesOf = <T>(vocabulary: Record<string, T>): string[] => [...new Set(Object.values(vocabulary))].map((code) => wordFor(vocabulary, code));
