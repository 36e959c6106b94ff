import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { REGISTER_COLUMNS, REGISTER_SHEET, REQUIRED_COLUMNS, headerOf, type ColumnKey } from './register-layout';

/** A register file as uploaded or named on the command line. */
export interface RegisterFile {
  /** The file's name: `.csv` is read as CSV, anything else as an xlsx workbook. */
  name: string;
  bytes: Buffer;
}

/** One cell as the register holds it: its text, and where it is (`D5`), for messages. */
export interface CellText {
  text: string;
  address: string;
}

/** A data row of the register, cells by column; blank cells absent. */
export interface SheetRow {
  rowNumber: number;
  cells: Partial<Record<ColumnKey, CellText>>;
  /** What the reader changed on the way (an Excel date serial converted …), said back in the report. */
  notices: string[];
}

export interface ReadRegister {
  sheet: string;
  /** Where each column is (`D`), for messages about blank cells. */
  letters: Partial<Record<ColumnKey, string>>;
  rows: SheetRow[];
  /** About the whole file (a GBK-encoded CSV …). */
  notices: string[];
}

/** Why a file is refused as a whole, before any row is imported: the rule, and the cells or sheet it is about. */
export interface FileFault {
  rule: string;
  /** `file`, a sheet name, or cell addresses. */
  field: string;
  message: string;
}

export class BadRegisterFile extends Error {
  constructor(readonly faults: FileFault[]) {
    super(faults.map((f) => `${f.field}: ${f.message}`).join('; '));
  }
}

const fault = (rule: string, field: string, message: string): BadRegisterFile => new BadRegisterFile([{ rule, field, message }]);

/** Headers are looked for in the first rows: registers often carry a title row or two above them. */
const HEADER_SEARCH_ROWS = 5;
/** A grid's register is a few thousand rows; a file far larger is split, so that one request stays minutes, not hours. */
export const MAX_ROWS = 50_000;
/** How many cells a refusal names before it counts the rest. */
const NAMED_CELLS = 10;
/** Excel writes an ID number it took for a number as, e.g., 4.31103E+17 (in a CSV it saved, or as typed text). */
const SCIENTIFIC = /^\d(?:\.\d+)?E\+?\d+$/i;
/** Excel's day 0 is 1899-12-30 for serials after its fictitious 1900-02-29 (serial 60). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DATE_COLUMNS: ReadonlySet<ColumnKey> = new Set(['birthDate', 'on']);

/**
 * The register rows of an xlsx workbook or a CSV file, or a refusal of the whole file (`BadRegisterFile`): no
 * register sheet, merged header cells, missing columns, ID numbers Excel stored as numbers. Nothing is written here.
 */
export async function readRegister(file: RegisterFile): Promise<ReadRegister> {
  const notices: string[] = [];
  const workbook = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet;
  if (/\.csv$/i.test(file.name)) {
    const text = decodeCsv(file.bytes, notices);
    try {
      sheet = await workbook.csv.read(Readable.from([text]), { sheetName: REGISTER_SHEET, map: (v: unknown) => (v === '' ? null : v) });
    } catch {
      throw fault('not-a-csv', 'file', 'the .csv file could not be parsed as comma-separated values');
    }
  } else {
    try {
      await workbook.xlsx.load(file.bytes as unknown as ArrayBuffer);
    } catch {
      throw fault('not-a-workbook', 'file', 'the file is neither an xlsx workbook nor a .csv file');
    }
    sheet = registerSheet(workbook);
  }
  if (sheet.rowCount > MAX_ROWS + HEADER_SEARCH_ROWS) throw fault('too-many-rows', sheet.name, `a register file holds at most ${MAX_ROWS} rows: split it`);
  const header = findHeader(sheet);
  const columns = columnsOf(sheet, header);
  const numbers: string[] = [];
  const rows: SheetRow[] = [];
  for (let r = header + 1; r <= sheet.rowCount; r += 1) {
    const row: SheetRow = { rowNumber: r, cells: {}, notices: [] };
    for (const [key, col] of columns) {
      const cell = sheet.getRow(r).getCell(col);
      const value = cellValue(cell);
      if (value === null) continue;
      if (key === 'idNumber' && (typeof value === 'number' || SCIENTIFIC.test(String(value).trim()))) {
        numbers.push(`${cell.address} (${typeof value === 'number' ? value.toExponential(5) : String(value).trim()})`);
        continue;
      }
      const text = DATE_COLUMNS.has(key) ? dateText(value, row, headerOf(key)) : textOf(value);
      if (text !== '') row.cells[key] = { text, address: cell.address };
    }
    if (Object.keys(row.cells).length > 0) rows.push(row);
  }
  if (numbers.length > 0) {
    throw fault(
      'id-number-stored-as-number',
      numbers.slice(0, NAMED_CELLS).join(', ') + (numbers.length > NAMED_CELLS ? ` and ${numbers.length - NAMED_CELLS} more` : ''),
      'Excel stored these 身份证号 as numbers and kept only 15 significant digits: format the column as 文本 (Text) and type the numbers again',
    );
  }
  const letters = Object.fromEntries([...columns].map(([key, col]) => [key, sheet.getColumn(col).letter]));
  return { sheet: sheet.name, letters, rows, notices };
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GBK, as Excel on a Chinese Windows saves CSV. */
function decodeCsv(bytes: Buffer, notices: string[]): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    notices.push('文件为 GBK 编码, 已按 GBK 读取 · the CSV file was GBK-encoded and was decoded as such');
    return new TextDecoder('gbk').decode(bytes);
  }
}

/** The sheet named 户籍登记, else the only sheet whose first rows hold the register's headers. */
function registerSheet(workbook: ExcelJS.Workbook): ExcelJS.Worksheet {
  const named = workbook.getWorksheet(REGISTER_SHEET);
  if (named) return named;
  const withHeader = workbook.worksheets.filter((s) => headerRow(s) !== null);
  if (withHeader.length === 1) return withHeader[0]!;
  const names = workbook.worksheets.map((s) => s.name).join(', ');
  throw fault(
    'register-sheet-not-found',
    'file',
    withHeader.length === 0
      ? `no sheet named ${REGISTER_SHEET} and no sheet with the register's headers (${REQUIRED_COLUMNS.map(headerOf).join(', ')}); sheets: ${names}`
      : `several sheets hold register headers (${withHeader.map((s) => s.name).join(', ')}): name the one to import ${REGISTER_SHEET}`,
  );
}

function headerRow(sheet: ExcelJS.Worksheet): number | null {
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount); r += 1) {
    const texts = new Set(rowTexts(sheet, r).map(([, t]) => t));
    if (texts.has(headerOf('name')) && texts.has(headerOf('idNumber'))) return r;
  }
  return null;
}

function findHeader(sheet: ExcelJS.Worksheet): number {
  const row = headerRow(sheet);
  if (row === null) {
    throw fault('register-header-not-found', sheet.name, `the first ${HEADER_SEARCH_ROWS} rows hold no header row with ${headerOf('name')} and ${headerOf('idNumber')}`);
  }
  const merged = sheet.model.merges.filter((range) => rowsOf(range).includes(row));
  if (merged.length > 0) {
    throw fault('merged-header-cells', merged.join(', '), 'the header row has merged cells: unmerge them so that each column has its own header');
  }
  return row;
}

function columnsOf(sheet: ExcelJS.Worksheet, header: number): Map<ColumnKey, number> {
  const byHeader = new Map<string, number>();
  for (const [col, text] of rowTexts(sheet, header)) if (!byHeader.has(text)) byHeader.set(text, col);
  const columns = new Map<ColumnKey, number>();
  for (const { key, header: title } of REGISTER_COLUMNS) {
    const col = byHeader.get(title);
    if (col !== undefined) columns.set(key, col);
  }
  const missing = REQUIRED_COLUMNS.filter((key) => !columns.has(key)).map(headerOf);
  if (missing.length > 0) throw fault('missing-columns', sheet.name, `the header row lacks ${missing.join(', ')}`);
  return columns;
}

function rowTexts(sheet: ExcelJS.Worksheet, r: number): [number, string][] {
  const out: [number, string][] = [];
  sheet.getRow(r).eachCell((cell, col) => {
    const value = cellValue(cell);
    if (value !== null) out.push([col, textOf(value).replace(/\s+/g, '')]);
  });
  return out;
}

/** Row numbers a range such as `A1:C2` covers. */
function rowsOf(range: string): number[] {
  const [from, to = from] = range.split(':').map((a) => Number(/\d+/.exec(a)?.[0]));
  return Array.from({ length: to! - from! + 1 }, (_, i) => from! + i);
}

type Plain = string | number | boolean | Date;

/** A cell's value without Excel's wrappers (rich text, formula results, hyperlinks); null when blank. */
function cellValue(cell: ExcelJS.Cell): Plain | null {
  const value = cell.value;
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('result' in value) return value.result === undefined || typeof value.result === 'object' ? null : value.result;
  if ('text' in value) return typeof value.text === 'string' ? value.text : null;
  return null;
}

const textOf = (value: Plain): string => (value instanceof Date ? isoDay(value) : String(value).trim());
const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** A date cell: a date, an Excel serial (a date column formatted as a number), or text left for the row to read. */
function dateText(value: Plain, row: SheetRow, header: string): string {
  if (value instanceof Date) return isoDay(value);
  const serial = typeof value === 'number' ? value : /^\d{5}$/.test(String(value).trim()) ? Number(String(value).trim()) : null;
  if (serial === null || serial < 61) return textOf(value);
  row.notices.push(`${header}: Excel 日期序号 ${serial} 已转换为日期 · an Excel date serial, converted`);
  return isoDay(new Date(EXCEL_EPOCH_MS + Math.floor(serial) * 86_400_000));
}
