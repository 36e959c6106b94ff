import ExcelJS from 'exceljs';
import { personSubject, type Sealed } from '@grid/contracts';
import { RegionScope, type Principal } from '@grid/platform/http';
import { RegisterImports } from '../../src/spreadsheets/import-register';
import { BadRegisterFile } from '../../src/spreadsheets/read-register';
import { exportRegister } from '../../src/spreadsheets/export-register';
import { refusalReport } from '../../src/spreadsheets/register-workbooks';
import { gridWorker, seedRegions, startHarness, type Harness } from '../api/harness';
import { idNumber } from '../application/people';
import { csvText, family, gbk, newIdNumber, sheetRows, xlsx } from './register-files';

let h: Harness;
let imports: RegisterImports;
let scope: RegionScope;
const worker: Principal = { sub: 'worker-li', role: 'grid-worker', scope: [] };
const official: Principal = { sub: 'community-zhang', role: 'community-official', scope: [] };

beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  await gridWorker(h, 'c1', worker.sub); // on the rosters of g1 and g2: sees their residents in clear
  worker.scope = [h.regions.c1!];
  official.scope = [h.regions.c1!];
  scope = new RegionScope(h.service.services.tree);
  imports = new RegisterImports(h.service.services, scope);
});
afterAll(() => h.close());

const run = (name: string, bytes: Buffer, gridId = h.regions.g1!) => imports.run({ name, bytes }, { gridId, caller: worker });
const head = () => h.infra.store.headPosition();

/** A bad file's refusal: its rule and field, with the store unchanged. */
async function refusalOf(name: string, bytes: Buffer): Promise<{ rule: string; field: string; message: string }> {
  const before = await head();
  const error = await run(name, bytes).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(BadRegisterFile);
  expect(await head()).toBe(before);
  return (error as BadRegisterFile).faults[0]!;
}

describe('importing a register', () => {
  it('registers each household with its members and certificates, and a re-import skips them', async () => {
    const rows = [...family('梅湾路1号'), ...family('梅湾路2号', '赵春兰').slice(0, 1)];
    const report = await run('登记表.xlsx', await xlsx(rows));
    expect(report.households).toEqual({ imported: 2, skipped: 0, refused: 0 });
    const list = await h.service.services.householdQueries.list({ gridIds: [h.regions.g1!], limit: 50 });
    const sizes = list.items.map((v) => v.members.length).sort();
    expect(sizes).toEqual([1, 3]);
    const couple = list.items.find((v) => v.members.length === 3)!;
    const spouse = couple.members.find((m) => m.relation === 'spouse')!;
    expect(spouse.disability).toMatchObject({ certifiedOn: '2020-01-10' });
    const { kind, grade } = spouse.disability!;
    const open = (v: unknown) => h.service.services.vault.open(personSubject(spouse.personId), v as Sealed);
    expect([await open(kind), await open(grade)]).toEqual(['physical', '2']); // health data: sealed under the person's key

    const before = await head();
    const again = await run('登记表.xlsx', await xlsx(rows));
    expect(again.households).toEqual({ imported: 0, skipped: 2, refused: 0 });
    expect(await head()).toBe(before);
  });

  it('refuses a household with a bad row, naming the column, cell and rule, and imports it once the report is fixed', async () => {
    const bad = family('梅湾路3号', '孙玉梅');
    bad[2] = { ...bad[2], idNumber: `${String(bad[2]!.idNumber).slice(0, 17)}${String(bad[2]!.idNumber).endsWith('0') ? '1' : '0'}` };
    const good = family('梅湾路4号', '钱凤英');
    const report = await run('登记表.xlsx', await xlsx([...bad, ...good]));
    expect(report.households).toEqual({ imported: 1, skipped: 0, refused: 1 });
    expect(report.rows.find((r) => r.rowNumber === 4)).toMatchObject({ outcome: 'refused', errors: [{ column: '身份证号', cell: 'D4', rule: 'id-checksum' }] });
    expect(report.rows.find((r) => r.rowNumber === 2)).toMatchObject({ outcome: 'refused', errors: [{ rule: 'household-refused' }] });

    const written = await sheetRows(await refusalReport(report));
    expect(written).toHaveLength(4); // the header and the household's three rows
    expect(written[3]!.at(-2)).toContain('D4 身份证号: id-checksum');

    const fixed = await run('report.xlsx', await xlsx([...bad.slice(0, 2), { ...bad[2], idNumber: newIdNumber('19900101', 'female') }, ...good]));
    expect(fixed.households).toEqual({ imported: 1, skipped: 1, refused: 0 });
  });

  it('refuses the ID number of a person registered in another household of the caller’s scope, naming that household', async () => {
    const first = family('梅湾路5号', '周丽');
    await run('a.xlsx', await xlsx(first));
    const again = [{ ...first[0]!, headName: '吴刚', name: '吴刚', address: '梅湾路6号', sex: undefined, birthDate: undefined }];
    const report = await run('b.xlsx', await xlsx(again), h.regions.g2!);
    expect(report.rows[0]).toMatchObject({ outcome: 'refused', errors: [{ column: '身份证号', rule: 'registered-elsewhere' }] });
  });

  it('leaves no key-file row for the new people of a household it refuses', async () => {
    // Numbers of their own (newIdNumber's sequence is shared by the other tests' families).
    const registered = idNumber('43110319710203901');
    const newcomer = idNumber('43110319710203911');
    const row = { registration: '城镇', on: '2020-01-10' };
    await run('a.xlsx', await xlsx([{ ...row, headName: '郑红', relation: '户主', name: '郑红', idNumber: registered, address: '梅湾路7号' }]));
    const rows = () => h.infra.keys.collection('personal_data_id_refs').count();
    const before = await rows();
    const refusedHousehold = [
      { ...row, headName: '钱进', relation: '户主', name: '钱进', idNumber: newcomer, address: '梅湾路8号' },
      { headName: '钱进', relation: '配偶', name: '郑红', idNumber: registered, registration: '城镇', address: '梅湾路8号' },
    ];
    const report = await run('b.xlsx', await xlsx(refusedHousehold), h.regions.g2!);
    expect(report.households.refused).toBe(1);
    expect(await rows()).toBe(before);
    expect(await h.service.services.idRefs.find(newcomer)).toBeNull();
  });

  it('normalises full-width digits in ID numbers and says so', async () => {
    const rows = family('梅湾路7号', '郑红');
    const id = String(rows[0]!.idNumber);
    rows[0] = { ...rows[0], idNumber: id.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d))) };
    const report = await run('登记表.xlsx', await xlsx(rows));
    expect(report.households.imported).toBe(1);
    expect(report.rows[0]!.notices).toEqual([expect.stringContaining('full-width digits normalised')]);
  });

  it('accepts dates as Excel serial numbers and as date cells', async () => {
    const rows = family('梅湾路8号', '冯秀兰');
    const serial = (Date.UTC(1960, 2, 5) - Date.UTC(1899, 11, 30)) / 86_400_000;
    rows[0] = { ...rows[0], birthDate: serial, on: new Date(Date.UTC(2020, 0, 10)) };
    const report = await run('登记表.xlsx', await xlsx(rows));
    expect(report.households.imported).toBe(1);
    expect(report.rows[0]!.notices).toEqual([expect.stringContaining('Excel date serial')]);
  });

  it('refuses a birth date or sex that differs from the ID number', async () => {
    const rows = family('梅湾路9号', '褚玉');
    rows[0] = { ...rows[0], birthDate: '1961-03-05', sex: '男' };
    const report = await run('登记表.xlsx', await xlsx(rows));
    expect(report.rows[0]!.errors.map((e) => e.rule).sort()).toEqual(['birth-date-differs-from-id', 'sex-differs-from-id']);
  });

  it('reads a GBK-encoded CSV file and says it did', async () => {
    const report = await run('登记表.csv', gbk(csvText(family('梅湾路10号', '卫兰'))));
    expect(report.households.imported).toBe(1);
    expect(report.notices).toEqual([expect.stringContaining('GBK')]);
  });
});

describe('a bad file is refused whole and changes nothing', () => {
  it('a workbook without the register sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('统计').addRow(['街道', '户数']);
    const fault = await refusalOf('x.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(fault).toMatchObject({ rule: 'register-sheet-not-found', field: 'file' });
    expect(fault.message).toContain('sheets: 统计');
  });

  it('merged header cells, named by range (a merged title row above the header is fine)', async () => {
    expect(await refusalOf('x.xlsx', await xlsx(family('梅湾路12号'), { mergeHeader: true }))).toMatchObject({ rule: 'merged-header-cells', field: 'A1:B1' });
    expect(await refusalOf('x.xlsx', await xlsx(family('梅湾路12号'), { sheet: 'Sheet1', titleRow: true, mergeHeader: true }))).toMatchObject({ field: 'A2:B2' });
    const titled = await run('x.xlsx', await xlsx(family('梅湾路11号'), { sheet: 'Sheet1', titleRow: true }));
    expect(titled.households.imported).toBe(1);
  });

  it('ID numbers Excel stored as numbers, in scientific notation, naming the cells', async () => {
    const rows = family('梅湾路13号');
    rows[1] = { ...rows[1], idNumber: Number(rows[1]!.idNumber) };
    const fault = await refusalOf('x.xlsx', await xlsx(rows));
    expect(fault.rule).toBe('id-number-stored-as-number');
    expect(fault.field).toMatch(/^D3 \(4\.\d{5}e\+17\)$/);
    const csv = csvText(family('梅湾路14号')).replace(/\d{17}[\dX]/, '4.31103E+17');
    expect(await refusalOf('x.csv', Buffer.from(csv))).toMatchObject({ rule: 'id-number-stored-as-number', field: 'D2 (4.31103E+17)' });
  });

  it('a file that is no workbook', async () => {
    expect(await refusalOf('x.xlsx', Buffer.from('not a zip'))).toMatchObject({ rule: 'not-a-workbook' });
  });
});

describe('exporting a grid’s register', () => {
  it('writes what was imported in the same layout, which imports again as already there', async () => {
    const rows = family('潇湘路1号', '蒋桂英');
    await run('登记表.xlsx', await xlsx(rows), h.regions.g2!);
    const { workbook } = await exportRegister(h.service.services, scope, worker, h.regions.g2!);
    const exported = await sheetRows(workbook);
    const mine = exported.filter((r) => r[7] === '潇湘路1号');
    expect(mine.map((r) => [r[0], r[2], r[3], r[9], r[10]])).toEqual(rows.map((r) => [r.headName, r.name, r.idNumber, r.disabilityKind ?? '', r.disabilityGrade ?? '']));
    const again = await run('export.xlsx', workbook, h.regions.g2!);
    expect(again.households.imported).toBe(0);
    expect(again.households.refused).toBe(0);
    expect((await sheetRows(workbook, '户状态')).length).toBeGreaterThan(1);
  });

  it('masks personal data for an official', async () => {
    const { workbook } = await exportRegister(h.service.services, scope, official, h.regions.g2!);
    const row = (await sheetRows(workbook)).find((r) => r[7]?.startsWith('潇湘路'))!;
    expect(row[2]).toMatch(/\*/);
    expect(row[3]).toMatch(/\*/);
    expect(row[5]).toMatch(/^\d{4}$/);
  });
});

describe('a register imported again after changes', () => {
  it('adds a member written below a household imported before, and skips the rest row by row', async () => {
    const rows = family('梅湾路31号', '蔡淑芬');
    await run('登记表.xlsx', await xlsx(rows.slice(0, 2)));
    const report = await run('登记表.xlsx', await xlsx(rows));
    expect(report.households).toEqual({ imported: 0, skipped: 1, refused: 0 });
    expect(report.rows.map((r) => r.outcome)).toEqual(['skipped', 'skipped', 'imported']);
    const { workbook } = await exportRegister(h.service.services, scope, worker, h.regions.g1!);
    const members = (await sheetRows(workbook)).filter((r) => r[7] === '梅湾路31号').map((r) => r[2]);
    expect(members).toEqual(rows.map((r) => r.name));
  });

  it('refuses a second household with the same head, which would be taken for the first', async () => {
    const rows = family('梅湾路32号', '潘美玲');
    const report = await run('登记表.xlsx', await xlsx([...rows, { ...rows[0]!, address: '梅湾路33号' }]));
    expect(report.households).toEqual({ imported: 1, skipped: 0, refused: 1 });
    expect(report.rows[3]).toMatchObject({ outcome: 'refused', errors: [{ column: '身份证号', cell: 'D5', rule: 'head-in-two-households' }] });
  });
});
