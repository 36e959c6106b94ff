import type { ProgramCode } from '@grid/contracts';
import { forbidden, notFound, type Principal } from '@grid/platform/http';
import { PROGRAMS } from '../domain';
import type { GridRecordsServices } from '../composition';
import { presentHousehold } from '../api/household-presenter';
import { ERASED, PersonalDataView, disclosureFor } from '../api/personal-data-view';
import type { HouseholdView } from '../projections/households/household-view';
import { READERS } from '../api/roles';
import type { ImportScope } from './import-register';
import { DISABILITY_GRADES, DISABILITY_KINDS, REGISTRATIONS, RELATIONS, SEXES, STATUS_SHEET, wordFor } from './register-layout';
import { registerWorkbook } from './register-workbooks';

const PAGE = 200;
/** A code as the register's word; 已删除 (an erased person's sealed field) as it is. */
const shownWord = <T>(vocabulary: Record<string, T>, code: T | typeof ERASED): string => (code === ERASED ? ERASED : wordFor(vocabulary, code as T));
const HOUSEHOLD_STATUS: Record<HouseholdView['status'], string> = { active: '在册', 'moved-out': '已迁出', ended: '已注销' };

/**
 * `gridctl export --grid <id> --format xlsx`: the grid's register in the import's layout (its living members, so a
 * grid worker's export imports again as it is), personal data shown as the caller's role may see it (officials
 * masked, birth dates then cut to the year), and a 户状态 sheet of each household's status and assistance statuses.
 */
export async function exportRegister(services: GridRecordsServices, scope: ImportScope, caller: Principal, gridId: string): Promise<{ workbook: Buffer; households: number }> {
  if (!READERS.includes(caller.role)) throw forbidden(`the register is for ${READERS.join(', ')}`);
  const node = await services.tree.node(gridId);
  if (!node || !(await scope.isWithin(caller, gridId))) throw notFound();
  const disclosure = await disclosureFor(services, caller, [gridId]);
  const shown = new PersonalDataView(services.vault, disclosure);
  const { workbook, sheet } = registerWorkbook();
  const statuses = workbook.addWorksheet(STATUS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  statuses.columns = ['户主姓名', '住址', '户状态', '登记日期', '迁出/注销日期', '救助/保障类别', '分类', '对象', '起始日期'].map((header) => ({ header, key: header, width: 14 }));
  statuses.getRow(1).font = { bold: true };
  let households = 0;
  let cursor: string | undefined;
  do {
    const page = await services.householdQueries.list({ gridIds: [gridId], limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const view of page.items) {
      const h = await presentHousehold(view, [], shown, disclosure);
      const head = h.members.find((m) => m.personId === h.headId);
      const nameOf = (personId: string | null) => h.members.find((m) => m.personId === personId)?.name ?? '';
      households += 1;
      if (h.status === 'active') {
        for (const m of h.members.filter((x) => x.leftOn === null && x.diedOn === null)) {
          sheet.addRow({
            headName: head?.name ?? '',
            relation: wordFor(RELATIONS, m.relation),
            name: m.name ?? '',
            idNumber: m.idNumber ?? '',
            sex: wordFor(SEXES, m.sex),
            birthDate: m.birthDate ?? String(m.birthYear),
            registration: wordFor(REGISTRATIONS, h.registration),
            address: h.address ?? '',
            phone: m.phone ?? '',
            disabilityKind: m.disability ? shownWord(DISABILITY_KINDS, m.disability.kind) : '',
            disabilityGrade: m.disability ? shownWord(DISABILITY_GRADES, m.disability.grade) : '',
            on: h.registeredOn,
          });
        }
      }
      const base = { 户主姓名: head?.name ?? '', 住址: h.address ?? '', 户状态: HOUSEHOLD_STATUS[h.status], 登记日期: h.registeredOn, '迁出/注销日期': h.movedOutOn ?? h.endedOn ?? '' };
      if (h.statuses.length === 0) statuses.addRow({ ...base, '救助/保障类别': '无' });
      for (const s of h.statuses) {
        statuses.addRow({ ...base, '救助/保障类别': PROGRAMS[s.program as ProgramCode]?.term ?? s.program, 分类: s.class ?? '', 对象: s.personId ? nameOf(s.personId) : '全户', 起始日期: s.since });
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { workbook: Buffer.from(await workbook.xlsx.writeBuffer()), households };
}
