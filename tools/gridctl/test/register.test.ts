// gridctl import / export --grid on a scratch data folder: the register goes in through grid-records' commands as
// the token's caller, and comes out in the same layout.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { loadConfig, openInfrastructure, type CommandContext } from '@grid/platform';
import { createLogger } from '@grid/platform/http';
import { startService } from '@grid/platform/service';
import { checkCharacter, gridRecords } from '@grid/grid-records';
import { gridctl as run, useScratchDataDir } from './scratch';

let dir: string;
const scratch = useScratchDataDir('gridctl-register-');

/** 区 → 街道 → 社区 → 网格 in the data folder, and worker gw-1 on the grid's roster; the grid's id. */
async function gridWithWorker(): Promise<string> {
  const config = loadConfig({ DATA_DIR: dir });
  const infra = await openInfrastructure(config);
  const service = await startService(gridRecords, infra, { config, port: false, logger: createLogger({ level: 'silent' }) });
  const ctx: CommandContext = { actor: { id: 'setup', role: 'district-official' } };
  let parentId: string | null = null;
  for (const level of ['district', 'street', 'community', 'grid'] as const) {
    parentId = (await service.services.regions.create({ parentId, level, name: `测试${level}`, on: '2020-01-01' }, ctx)).id;
  }
  await service.services.regions.assignWorker(parentId!, { workerId: 'gw-1', from: '2020-01-01' }, ctx);
  await service.close();
  await infra.close();
  return parentId!;
}

const id = (first17: string) => `${first17}${checkCharacter(first17)}`;
const HEADERS = ['户主姓名', '与户主关系', '姓名', '身份证号', '性别', '出生日期', '户籍类别', '住址', '联系电话', '残疾类别', '残疾等级', '登记日期', '备注'];
const ROWS = [
  ['王秀英', '户主', '王秀英', id('43110319520314002'), '女', '1952-03-14', '城镇', '梅湾路12号', '13807461234', '', '', '2020-01-10', ''],
  ['王秀英', '配偶', '李建国', id('43110319500802003'), '男', '', '城镇', '梅湾路12号', '', '肢体', '二级', '', ''],
  ['吴桂兰', '户主', '吴桂兰', id('43110319450909008'), '', '', '农村', '潇湘路8号', '', '', '', '', ''],
];

async function workbookOf(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('户籍登记');
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function rowsOf(file: string, sheetName = '户籍登记'): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
  const out: string[][] = [];
  workbook.getWorksheet(sheetName)!.eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return out;
}

beforeEach(() => {
  dir = scratch();
});

describe('gridctl import and export --grid', () => {
  test('imports a register as the grid worker, skips it on a second run, and exports it in the same layout', async () => {
    const gridId = await gridWithWorker();
    const token = (await run('token', '--role', 'grid-worker', '--scope', gridId, '--sub', 'gw-1')).trim();
    const file = join(dir, '登记表.xlsx');
    await writeFile(file, await workbookOf(ROWS));

    const first = JSON.parse(await run('import', file, '--grid', gridId, '--token', token));
    expect(first).toMatchObject({ households: { imported: 2, skipped: 0, refused: 0 }, rows: 3, refusedRows: 0, report: null });
    const second = JSON.parse(await run('import', file, '--grid', gridId, '--token', token));
    expect(second.households).toEqual({ imported: 0, skipped: 2, refused: 0 });

    const out = join(dir, 'export.xlsx');
    expect(JSON.parse(await run('export', '--grid', gridId, '--format', 'xlsx', '--out', out, '--token', token))).toEqual({ out, households: 2 });
    const exported = await rowsOf(out);
    expect(exported[0]).toEqual(HEADERS);
    expect(exported.slice(1).map((r) => [r[2], r[3], r[9], r[10]]).sort()).toEqual(ROWS.map((r) => [r[2], r[3], r[9], r[10]]).sort());
    expect((await rowsOf(out, '户状态')).length).toBe(3);
  });

  test('writes the refused rows to a report with an error column, and exits 2', async () => {
    const gridId = await gridWithWorker();
    const token = (await run('token', '--role', 'grid-worker', '--scope', gridId, '--sub', 'gw-1')).trim();
    const file = join(dir, 'bad.xlsx');
    await writeFile(file, await workbookOf([ROWS[2]!.map((v, i) => (i === 6 ? '城里' : v))]));
    const result = JSON.parse(await run('import', file, '--grid', gridId, '--token', token));
    expect(result).toMatchObject({ households: { refused: 1 }, refusedRows: 1, report: join(dir, 'bad.report.xlsx') });
    expect(process.exitCode).toBe(2);
    const report = await rowsOf(result.report);
    expect(report[1]!.at(-2)).toContain('G2 户籍类别: not-a-choice');
  });

  test('refuses another grid, and a caller without a token', async () => {
    const gridId = await gridWithWorker();
    const token = (await run('token', '--role', 'grid-worker', '--scope', 'elsewhere', '--sub', 'gw-1')).trim();
    const file = join(dir, '登记表.xlsx');
    await writeFile(file, await workbookOf(ROWS));
    await expect(run('import', file, '--grid', gridId, '--token', token)).rejects.toThrow(/404/);
    delete process.env.GRID_TOKEN;
    await expect(run('import', file, '--grid', gridId)).rejects.toThrow(/GRID_TOKEN/);
  });

  test('--template writes a blank register whose choice columns take only the words of its 选项 sheet', async () => {
    const file = join(dir, 'template.xlsx');
    await run('import', '--template', file);
    expect(existsSync(file)).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(file)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('户籍登记')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(sheet.getCell('B2').dataValidation).toMatchObject({ type: 'list', formulae: ['选项!$A$2:$A$10'] });
    expect((await rowsOf(file, '选项'))[0]).toEqual(['与户主关系', '性别', '户籍类别', '残疾类别', '残疾等级']);
  });
});
