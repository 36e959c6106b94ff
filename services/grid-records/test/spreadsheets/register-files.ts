// Register files as grid workers send them: xlsx built with exceljs, CSV in UTF-8 or GBK, and the ways they go wrong.
import ExcelJS from 'exceljs';
import { REGISTER_COLUMNS, type ColumnKey } from '../../src/spreadsheets/register-layout';
import { idNumber } from '../application/people';

export type RegisterRow = Partial<Record<ColumnKey, string | number | Date>>;

/** A family of three and a widow living alone, with valid 身份证 numbers. */
export const FAMILY: RegisterRow[] = [
  { headName: '王秀英', relation: '户主', name: '王秀英', idNumber: idNumber('43110319520314002'), sex: '女', birthDate: '1952-03-14', registration: '城镇', address: '梅湾路12号3栋201', phone: '13807461234', on: '2020-01-10' },
  { headName: '王秀英', relation: '配偶', name: '李建国', idNumber: idNumber('43110319500802003'), sex: '男', registration: '城镇', address: '梅湾路12号3栋201', disabilityKind: '肢体', disabilityGrade: '二级' },
  { headName: '王秀英', relation: '孙子女', name: '李小红', idNumber: idNumber('43110320120601004'), registration: '城镇', address: '梅湾路12号3栋201' },
  { headName: '吴桂兰', relation: '户主', name: '吴桂兰', idNumber: idNumber('43110319450909008'), registration: '农村', address: '潇湘路8号', on: '2021-06-01' },
];

const headers = REGISTER_COLUMNS.map((c) => c.header);
const cellsOf = (row: RegisterRow) => REGISTER_COLUMNS.map((c) => row[c.key] ?? null);

/** An xlsx register; `shape` adds what goes wrong (another sheet name, a title row, a merged header …). */
export async function xlsx(rows: RegisterRow[], shape: { sheet?: string; mergeHeader?: boolean; titleRow?: boolean } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(shape.sheet ?? '户籍登记');
  if (shape.titleRow) {
    sheet.addRow(['梅湾社区户籍登记表']);
    sheet.mergeCells(1, 1, 1, headers.length);
  }
  sheet.addRow(headers);
  if (shape.mergeHeader) sheet.mergeCells(sheet.rowCount, 1, sheet.rowCount, 2);
  for (const row of rows) sheet.addRow(cellsOf(row));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const csvText = (rows: RegisterRow[]): string => [headers, ...rows.map(cellsOf)].map((r) => r.map((v) => (v === null ? '' : String(v))).join(',')).join('\r\n');

/**
 * GBK bytes of a text, as Excel on a Chinese Windows saves CSV: built from Node's own GBK decoder (no encoder in
 * Node), over the two-byte range.
 */
export function gbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.of(lead, trail));
      if (!table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  return Buffer.from([...text].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch) ?? [0x3f])));
}

/** The register's sheet of a workbook as rows of cell texts (header first). */
export async function sheetRows(bytes: Buffer, name = '户籍登记'): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(name)!;
  const out: string[][] = [];
  sheet.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
  return out;
}

let sequence = 100;
/** A new valid ID number for a birth date (YYYYMMDD) and sex: each call another person. */
export function newIdNumber(birth: string, sex: 'male' | 'female'): string {
  sequence += 1;
  const seq = String(sequence % 1000).padStart(3, '0');
  const last = (Number(seq[2]) % 2 === 1) === (sex === 'male') ? seq : `${seq.slice(0, 2)}${(Number(seq[2]) + 1) % 10}`;
  return idNumber(`431103${birth}${last}`);
}

/** A family like FAMILY's first household, with people of its own, at `address`. */
export function family(address: string, headName = '刘桂芳'): RegisterRow[] {
  return [
    { headName, relation: '户主', name: headName, idNumber: newIdNumber('19600305', 'female'), sex: '女', birthDate: '1960-03-05', registration: '城镇', address, phone: '13807460000', on: '2020-01-10' },
    { headName, relation: '配偶', name: '陈志强', idNumber: newIdNumber('19580712', 'male'), registration: '城镇', address, disabilityKind: '肢体', disabilityGrade: '二级' },
    { headName, relation: '子女', name: '陈晓梅', idNumber: newIdNumber('19900101', 'female'), registration: '城镇', address },
  ];
}
