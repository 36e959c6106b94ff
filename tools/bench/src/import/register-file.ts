import ExcelJS from 'exceljs';
import { checkCharacter } from '@grid/grid-records';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];
const GIVEN = ['秀英', '建国', '桂兰', '志强', '小红', '丽华', '文斌', '春梅', '德胜', '玉兰', '海燕', '国平'];
const HEADERS = ['户主姓名', '与户主关系', '姓名', '身份证号', '性别', '出生日期', '户籍类别', '住址', '联系电话', '残疾类别', '残疾等级', '登记日期', '备注'];

/**
 * A made-up 户籍登记表 of `rows` rows as a grid worker keeps it: households of head, spouse and child (the last one
 * smaller), valid 身份证 numbers (one sequence number each), every tenth spouse with a 残疾 certificate.
 */
export async function registerFile(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('户籍登记');
  sheet.addRow(HEADERS);
  let person = 0;
  // Unique by construction: n names the person and sex (odd sequence numbers for men, GB 11643), spread over
  // sequence number, day and month of the birth year.
  const id = (year: number, sex: 'male' | 'female'): string => {
    person += 1;
    const n = person * 2 + (sex === 'male' ? 1 : 0);
    const q = Math.floor(n / 1000);
    const first17 = `431103${year}${String(1 + Math.floor(q / 28)).padStart(2, '0')}${String(1 + (q % 28)).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
    return `${first17}${checkCharacter(first17)}`;
  };
  for (let h = 0; rows > 0; h += 1) {
    const address = `梅湾路${h + 1}号`;
    const headName = `${SURNAMES[h % SURNAMES.length]}${GIVEN[h % GIVEN.length]}`;
    const members: [string, string, string][] = [
      ['户主', headName, id(1940 + (h % 40), 'female')],
      ['配偶', `${SURNAMES[(h + 3) % SURNAMES.length]}${GIVEN[(h + 5) % GIVEN.length]}`, id(1940 + (h % 40), 'male')],
      ['子女', `${SURNAMES[(h + 3) % SURNAMES.length]}${GIVEN[(h + 7) % GIVEN.length]}`, id(1985 + (h % 30), 'female')],
    ].slice(0, Math.min(3, rows)) as [string, string, string][];
    for (const [relation, name, idNumber] of members) {
      const disabled = relation === '配偶' && h % 10 === 0;
      sheet.addRow([headName, relation, name, idNumber, '', '', '城镇', address, '', disabled ? '肢体' : '', disabled ? '二级' : '', '2020-01-10', '']);
    }
    rows -= members.length;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
