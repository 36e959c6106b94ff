import { checkCharacter } from '@grid/grid-records';

/**
 * Household registrations for the load: each body new to the server (no 身份证 number repeats across the whole
 * run, or the person index would answer 409), valid under GB 11643, 1–4 members like a real household (mean 2.5),
 * Chinese names and addresses of realistic length. Built ahead of time so the load generator only sends.
 */
export class HouseholdBodies {
  private next = 0;
  private readonly bodies: string[];

  constructor(count: number, microGrids: string[], onDate = '2026-06-01') {
    if (microGrids.length === 0) throw new Error('no micro-grids to register households in');
    let person = 0;
    this.bodies = Array.from({ length: count }, (_, i) => {
      const size = 1 + (i % 4);
      const members = Array.from({ length: size }, (_, m) => {
        person += 1;
        return {
          relation: m === 0 ? 'head' : m === 1 ? 'spouse' : 'child',
          name: `${SURNAMES[person % SURNAMES.length]}${GIVEN[(person * 7) % GIVEN.length]}`,
          idNumber: idNumberFor(person, m >= 2),
          ...(m < 2 ? { phone: `139${String(person % 100_000_000).padStart(8, '0')}` } : {}),
        };
      });
      return JSON.stringify({
        gridId: microGrids[i % microGrids.length],
        address: `梅湾街道翠竹园社区${(i % 40) + 1}栋${(i % 6) + 1}单元${(i % 30) + 1}0${(i % 4) + 1}室`,
        registration: i % 5 === 0 ? 'rural' : 'urban',
        members,
        on: onDate,
      });
    });
  }

  get size(): number {
    return this.bodies.length;
  }

  /** The next unused body; running out is a bench bug (a repeat would be a 409), so it throws. */
  take(): string {
    const body = this.bodies[this.next++];
    if (body === undefined) throw new Error(`ran out of the ${this.bodies.length} prepared bodies: raise --bodies`);
    return body;
  }

  get used(): number {
    return this.next;
  }
}

const SURNAMES = ['李', '王', '张', '刘', '陈', '杨', '黄', '周', '唐', '蒋', '邓', '欧阳'];
const GIVEN = ['建国', '秀英', '伟', '芳', '浩然', '子涵', '志强', '丽华', '一鸣', '雨桐', '小平', '春燕'];

/**
 * The n-th person's 身份证 number: a Yongzhou region code, a birth date and a sequence number that together
 * are unique for n below 365 000 × 1 000, and the check character. Adults born 1950–1999, children 2005–2019.
 */
function idNumberFor(n: number, child: boolean): string {
  const day = n % 365;
  const seq = Math.floor(n / 365) % 1000;
  const year = child ? 2005 + (Math.floor(n / 365_000) % 15) : 1950 + (Math.floor(n / 365_000) % 50);
  const date = new Date(Date.UTC(year, 0, 1 + day)).toISOString().slice(0, 10).replaceAll('-', '');
  // 431127 (蓝山县): a county the demo seed draws no one from, so no bench person meets a seeded one (a 409).
  const first17 = `431127${date}${String(seq).padStart(3, '0')}`;
  return `${first17}${checkCharacter(first17)}`;
}

/**
 * Transfers (转移网格) of the seeded households, round robin: the k-th transfer of a household moves it one
 * micro-grid further along, so it never targets the grid it is in, and one household's transfers are a whole
 * round (the number of households) apart, never concurrent.
 */
export class Transfers {
  private next = 0;

  constructor(
    private readonly households: { id: string; gridId: string }[],
    private readonly microGrids: string[],
    private readonly onDate = '2026-06-01',
  ) {
    if (households.length === 0 || microGrids.length < 2) throw new Error('transfers need seeded households and two micro-grids');
  }

  take(): { path: string; body: string } {
    const i = this.next++;
    const h = this.households[i % this.households.length]!;
    const round = Math.floor(i / this.households.length);
    const home = this.microGrids.indexOf(h.gridId);
    const to = this.microGrids[(home + round + 1) % this.microGrids.length]!;
    return { path: `/v1/households/${h.id}/transfer`, body: JSON.stringify({ toGridId: to, on: this.onDate }) };
  }
}
