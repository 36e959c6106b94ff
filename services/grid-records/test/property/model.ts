// The command alphabet of the property (command-sequences.property.test.ts): a pool of residents, the commands
// and their fast-check arbitraries, and the calendar helper.
import type { Member } from '@grid/contracts';
import fc from 'fast-check';
import type { NewResident } from '../../src/application/households/people';
import { official } from '../application/fixture';
import { idNumber } from '../application/people';

export const street = { id: 'street-wang', role: 'street-official' } as const;
export const district = official;

// ---------------------------------------------------------------------------------------------------------------
// A pool of residents with valid 身份证 numbers: the same person can be drawn into two households (refused: 409).
// ---------------------------------------------------------------------------------------------------------------
const SURNAMES = ['王', '李', '赵', '孙', '周', '吴', '陈', '刘', '黄', '杨'];
const GIVEN = ['秀英', '建国', '小红', '德胜', '丽华', '文斌', '桂兰', '小龙'];
/** 40 residents, born 1940–2015 (children included), each with a unique 身份证 number. */
export const POOL: NewResident[] = Array.from({ length: 40 }, (_, i) => {
  const birth = `${1940 + ((i * 7) % 76)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + ((i * 5) % 28)).padStart(2, '0')}`;
  return {
    relation: 'head',
    name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / 5) % GIVEN.length]}`,
    idNumber: idNumber(`431103${birth}${String(100 + i).padStart(3, '0')}`),
    ...(i % 2 === 0 ? { phone: `1380746${String(1000 + i)}` } : {}),
  };
});

/** Never drawn by a sequence: pokes at moved-out households with someone registered nowhere. */
export const STRANGER: NewResident = { relation: 'other', name: '郑新来', idNumber: idNumber('43110319990909999') };

export type Relation = Member['relation'];
const RELATIONS: Relation[] = ['spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'];
const REMOVALS = ['moved-away', 'married-out', 'registered-elsewhere', 'other'] as const;

// ---------------------------------------------------------------------------------------------------------------
// The command alphabet. Targets are indexes resolved at run time against what exists (modulo), so most commands
// are valid; `days` moves the calendar forward, so dates never go back.
// ---------------------------------------------------------------------------------------------------------------
export type Cmd =
  | { k: 'register'; grid: number; members: number[]; rels: Relation[]; rural: boolean }
  | { k: 'add'; h: number; p: number; rel: Relation }
  | { k: 'remove'; h: number; m: number; reason: (typeof REMOVALS)[number] }
  | { k: 'change-head'; h: number; m: number }
  | { k: 'transfer'; h: number }
  | { k: 'death'; h: number; m: number; newHead: number | null; back: number }
  | { k: 'move-out'; h: number }
  | { k: 'case'; h: number }
  | { k: 'exit'; c: number };
export type Step = Cmd & { days: number };

const idx = fc.nat({ max: 50 });
const relation = fc.constantFrom(...RELATIONS);
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant('register' as const),
      grid: fc.nat({ max: 1 }),
      members: fc.uniqueArray(fc.nat({ max: POOL.length - 1 }), { minLength: 2, maxLength: 4 }),
      rels: fc.array(relation, { minLength: 3, maxLength: 3 }),
      rural: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('add' as const), h: idx, p: fc.nat({ max: POOL.length - 1 }), rel: relation }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('remove' as const), h: idx, m: idx, reason: fc.constantFrom(...REMOVALS) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('change-head' as const), h: idx, m: idx }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('transfer' as const), h: idx }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('death' as const),
      h: idx,
      m: idx,
      newHead: fc.option(idx, { nil: null }),
      // Mostly recorded the day it happens; sometimes late (seed 002: deaths reported after statuses kept running).
      back: fc.oneof(fc.constant(0), fc.nat({ max: 40 })),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('move-out' as const), h: idx }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('case' as const), h: idx }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('exit' as const), c: idx }) },
);
export const stepArb: fc.Arbitrary<Step> = fc.tuple(cmdArb, fc.integer({ min: 1, max: 20 })).map(([c, days]) => ({ ...c, days }));

export const addDays = (iso: string, n: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
