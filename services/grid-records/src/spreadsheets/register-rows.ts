import { checkIdNumber, type DisabilityKind, type IsoDate } from '../domain';
import { RegisterHouseholdBody } from '../api/schemas/households.schemas';
import type { RegisterHousehold } from '../application/households/household-commands';
import type { SheetRow } from './read-register';
import { DISABILITY_GRADES, DISABILITY_KINDS, REGISTRATIONS, RELATIONS, SEXES, headerOf, type ColumnKey } from './register-layout';

/** Why a row is refused: the column (its header), the cell, the rule and what to do. */
export interface RowError {
  column: string;
  cell: string;
  rule: string;
  message: string;
}

/** A household of the register: its rows (head first as written) and the command they make, or what refuses them. */
export interface RegisterHouseholdRows {
  rows: SheetRow[];
  /** Set when every row parsed: the registration, and each member's 残疾 to certify after it. */
  command?: RegisterHousehold;
  disabilities: ({ kind: DisabilityKind; grade: number } | null)[];
  /** By row number. */
  errors: Map<number, RowError[]>;
}

/** Full-width digits, letters and hyphens (０-９, Ｘ, －) as typed with a Chinese input method, made ASCII. */
const halfWidth = (text: string): string => text.normalize('NFKC');

/**
 * Groups rows into households by 户主姓名 and 住址, reads each cell by its column's vocabulary, and checks the
 * household against the same schema the API's registration takes (RegisterHouseholdBody), so a row is refused for
 * the same rules, named by column and cell. A household with one refused row is refused whole.
 */
export function householdsOf(rows: SheetRow[], letters: Partial<Record<ColumnKey, string>>, gridId: string, today: IsoDate): RegisterHouseholdRows[] {
  const groups = new Map<string, SheetRow[]>();
  for (const row of rows) {
    const key = `${row.cells.headName?.text ?? ''}\u0000${row.cells.address?.text ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const households = [...groups.values()].map((group) => household(group, letters, gridId, today));
  // A household is known by its head's 身份证号 (its ids derive from it): a second group with the same head is a typo.
  const heads = new Map<string, number>();
  for (const h of households) {
    const i = h.command?.members.findIndex((m) => m.relation === 'head') ?? -1;
    if (!h.command || i < 0) continue;
    const first = heads.get(h.command.members[i]!.idNumber);
    if (first === undefined) heads.set(h.command.members[i]!.idNumber, h.rows[i]!.rowNumber);
    else {
      delete h.command;
      refuseWhole(h, h.rows[i]!, { column: headerOf('idNumber'), cell: h.rows[i]!.cells.idNumber?.address ?? '', rule: 'head-in-two-households', message: `row ${first} has the same 户主 with another 户主姓名 or 住址: one household, one 户主姓名 and 住址` });
    }
  }
  return households;
}

/** The error of a household's other rows when one row of it is refused. */
const householdRefused = (rowNumber: number): RowError => ({
  column: '',
  cell: '',
  rule: 'household-refused',
  message: `row ${rowNumber} of the same household is refused: fix it and import the household again`,
});

/** Refuses one row for `error` and the household's other rows with it. */
export function refuseWhole(h: RegisterHouseholdRows, row: SheetRow, error: RowError): void {
  h.errors.set(row.rowNumber, [error]);
  for (const other of h.rows) {
    if (other !== row) h.errors.set(other.rowNumber, [householdRefused(row.rowNumber)]);
  }
}

function household(rows: SheetRow[], letters: Partial<Record<ColumnKey, string>>, gridId: string, today: IsoDate): RegisterHouseholdRows {
  const errors = new Map<number, RowError[]>();
  const refuse = (row: SheetRow, key: ColumnKey, rule: string, message: string) => {
    errors.set(row.rowNumber, [...(errors.get(row.rowNumber) ?? []), { column: headerOf(key), cell: row.cells[key]?.address ?? `${letters[key] ?? headerOf(key)}${row.rowNumber}`, rule, message }]);
  };
  const members = rows.map((row) => member(row, today, refuse));
  const head = rows.find((_, i) => members[i]!.relation === 'head') ?? rows[0]!;
  const registration = word(head, 'registration', REGISTRATIONS, refuse);
  const on = dateOf(head, 'on', refuse) ?? today;
  for (const row of rows) {
    if (row.cells.registration && row.cells.registration.text !== head.cells.registration?.text) {
      refuse(row, 'registration', 'registration-differs', `户籍类别 differs from the head's row (${head.rowNumber}): one household, one 户籍类别`);
    }
  }
  const body = {
    gridId,
    address: head.cells.address?.text ?? '',
    registration,
    members: members.map(({ relation, name, idNumber, phone }) => ({ relation, name, idNumber, ...(phone ? { phone } : {}) })),
    on,
  };
  const parsed = RegisterHouseholdBody.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [first, index, field] = issue.path.map(String);
      const rule = (issue as { params?: { rule?: string } }).params?.rule ?? issue.code;
      if (first === 'members' && index !== undefined) {
        const key: ColumnKey = field === 'idNumber' ? 'idNumber' : field === 'phone' ? 'phone' : field === 'relation' ? 'relation' : 'name';
        refuse(rows[Number(index)]!, key, rule, issue.message);
      } else if (first === 'address') refuse(head, 'address', rule, issue.message);
      else if (first === 'registration') refuse(head, 'registration', rule, issue.message);
      else if (first === 'on') refuse(head, 'on', rule, issue.message);
      else refuse(head, 'name', rule, issue.message);
    }
  }
  const refused = errors.size > 0;
  if (refused) {
    const first = [...errors.keys()].sort((a, b) => a - b)[0]!;
    for (const row of rows) {
      if (!errors.has(row.rowNumber)) errors.set(row.rowNumber, [householdRefused(first)]);
    }
  }
  return {
    rows,
    ...(!refused && parsed.success ? { command: parsed.data as RegisterHousehold } : {}),
    disabilities: members.map((m) => m.disability),
    errors,
  };
}

type Refuse = (row: SheetRow, key: ColumnKey, rule: string, message: string) => void;

function member(row: SheetRow, today: IsoDate, refuse: Refuse) {
  const relation = word(row, 'relation', RELATIONS, refuse) ?? 'other';
  const name = row.cells.name?.text ?? '';
  const idNumber = halfWidth(row.cells.idNumber?.text ?? '');
  if (row.cells.idNumber && idNumber !== row.cells.idNumber.text) row.notices.push('身份证号: 全角字符已转为半角 · full-width digits normalised');
  const phoneText = row.cells.phone ? halfWidth(row.cells.phone.text).replace(/\s/g, '') : undefined;
  if (row.cells.headName && relation === 'head' && row.cells.headName.text !== name) {
    refuse(row, 'headName', 'head-name-differs', '户主姓名 must equal 姓名 on the head’s own row');
  }
  const checked = checkIdNumber(idNumber, today);
  if (checked.ok) {
    const sex = word(row, 'sex', SEXES, refuse);
    if (sex !== undefined && sex !== checked.sex) refuse(row, 'sex', 'sex-differs-from-id', `性别 differs from the 身份证号 (which says ${checked.sex === 'male' ? '男' : '女'})`);
    const birthDate = dateOf(row, 'birthDate', refuse);
    if (birthDate !== undefined && birthDate !== checked.birthDate) refuse(row, 'birthDate', 'birth-date-differs-from-id', `出生日期 differs from the 身份证号 (which says ${checked.birthDate})`);
  }
  const kind = word(row, 'disabilityKind', DISABILITY_KINDS, refuse);
  const grade = word(row, 'disabilityGrade', DISABILITY_GRADES, refuse);
  if (!row.cells.disabilityKind !== !row.cells.disabilityGrade) {
    refuse(row, row.cells.disabilityKind ? 'disabilityGrade' : 'disabilityKind', 'disability-incomplete', '残疾类别 and 残疾等级 go together: fill both or neither');
  }
  return { relation, name, idNumber, phone: phoneText, disability: kind !== undefined && grade !== undefined ? { kind, grade } : null };
}

/** A cell read by its column's vocabulary; undefined when blank, refused when the word is not in it. */
function word<T>(row: SheetRow, key: ColumnKey, vocabulary: Record<string, T>, refuse: Refuse): T | undefined {
  const text = row.cells[key]?.text;
  if (text === undefined) return undefined;
  const found = vocabulary[halfWidth(text).replace(/\s/g, '')];
  if (found === undefined) refuse(row, key, 'not-a-choice', `${headerOf(key)} must be one of ${[...new Set(Object.keys(vocabulary))].slice(0, 12).join(' ')}`);
  return found;
}

/** 2020-01-10, 2020/1/10, 2020.1.10, 20200110 or 2020年1月10日. */
function dateOf(row: SheetRow, key: ColumnKey, refuse: Refuse): IsoDate | undefined {
  const text = row.cells[key]?.text;
  if (text === undefined) return undefined;
  const m = /^(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))$/.exec(halfWidth(text).replace(/\s/g, ''));
  const iso = m ? `${m[1]}-${(m[2] ?? m[4])!.padStart(2, '0')}-${(m[3] ?? m[5])!.padStart(2, '0')}` : '';
  if (!m || Number.isNaN(Date.parse(iso)) || new Date(iso).toISOString().slice(0, 10) !== iso) {
    refuse(row, key, 'not-a-date', `${headerOf(key)} must be a date such as 2020-01-10`);
    return undefined;
  }
  return iso;
}
