import ExcelJS from 'exceljs';
import type { ImportReport } from './import-register';
import {
  DISABILITY_GRADES,
  DISABILITY_KINDS,
  ERROR_HEADER,
  NOTICE_HEADER,
  OPTIONS_SHEET,
  REGISTER_COLUMNS,
  REGISTER_SHEET,
  REGISTRATIONS,
  RELATIONS,
  SEXES,
  choicesOf,
  type ColumnKey,
} from './register-layout';

/** Rows of the template that carry the drop-downs and the text format. */
const TEMPLATE_ROWS = 2000;
const TEXT = '@';

/** A workbook with the register sheet's header row (bold, frozen), text-formatted ID and phone columns. */
export function registerWorkbook(extraHeaders: string[] = []): { workbook: ExcelJS.Workbook; sheet: ExcelJS.Worksheet } {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(REGISTER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    ...REGISTER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width, ...(textColumn(c.key) ? { style: { numFmt: TEXT } } : {}) })),
    ...extraHeaders.map((header) => ({ header, key: header, width: 40 })),
  ];
  sheet.getRow(1).font = { bold: true };
  return { workbook, sheet };
}

/** 身份证号 and 联系电话 as text, so Excel never turns them into numbers (and drops an ID's last digits). */
const textColumn = (key: ColumnKey): boolean => key === 'idNumber' || key === 'phone' || key === 'birthDate' || key === 'on';

/** `gridctl import --template`: a blank register, its drop-downs fed from a 选项 sheet (data validation). */
export async function registerTemplate(): Promise<Buffer> {
  const { workbook, sheet } = registerWorkbook();
  const options = workbook.addWorksheet(OPTIONS_SHEET);
  const lists: [ColumnKey, string[]][] = [
    ['relation', choicesOf(RELATIONS)],
    ['sex', choicesOf(SEXES)],
    ['registration', choicesOf(REGISTRATIONS)],
    ['disabilityKind', choicesOf(DISABILITY_KINDS)],
    ['disabilityGrade', choicesOf(DISABILITY_GRADES)],
  ];
  for (const [i, [key, words]] of lists.entries()) {
    const column = options.getColumn(i + 1);
    column.values = [REGISTER_COLUMNS.find((c) => c.key === key)!.header, ...words];
    column.width = 12;
    const letter = sheet.getColumn(key).letter;
    // exceljs 4.4 writes range validations (Worksheet.dataValidations.add) but does not declare them in its types.
    (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${letter}2:${letter}${TEMPLATE_ROWS}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`${OPTIONS_SHEET}!$${column.letter}$2:$${column.letter}$${words.length + 1}`],
      showErrorMessage: true,
      errorTitle: '请从列表中选择',
      error: `请从 ${OPTIONS_SHEET} 表的选项中选择 · choose from the list`,
    });
  }
  const id = sheet.getColumn('idNumber').letter;
  (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${id}2:${id}${TEMPLATE_ROWS}`, {
    type: 'textLength',
    operator: 'equal',
    allowBlank: true,
    formulae: [18],
    showErrorMessage: true,
    errorTitle: '身份证号',
    error: '身份证号为 18 位 · an ID number has 18 characters',
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The rows an import refused, as the worker wrote them, each with what refused it in a last column: fixed and
 * imported again, they join the households already imported (which a re-import of the whole file skips).
 */
export async function refusalReport(report: ImportReport): Promise<Buffer> {
  const { workbook, sheet } = registerWorkbook([ERROR_HEADER, NOTICE_HEADER]);
  for (const row of report.rows) {
    if (row.outcome !== 'refused' && row.notices.length === 0) continue;
    const values: Record<string, string> = Object.fromEntries(Object.entries(row.cells).map(([key, cell]) => [key, cell.text]));
    values[ERROR_HEADER] = row.outcome === 'refused' ? row.errors.map((e) => `${e.cell ? `${e.cell} ` : ''}${e.column ? `${e.column}: ` : ''}${e.rule} — ${e.message}`).join('\n') : '已导入 · imported';
    values[NOTICE_HEADER] = [...report.notices, ...row.notices].join('\n');
    sheet.addRow(values);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
