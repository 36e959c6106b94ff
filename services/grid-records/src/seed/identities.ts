import { addDays, birthdayAt, checkCharacter, type IsoDate } from '../domain';
import type { Prng } from './prng';

/**
 * Made-up residents for the demo district: common Hunan surnames and given names of the person's generation,
 * 身份证 numbers valid under GB 11643 with Yongzhou (4311xx) region codes, mobile numbers. Nobody here is real;
 * the numbers only pass the checksum.
 */

/** Surnames, weighted roughly by frequency in Hunan (李 王 张 刘 陈 lead nationally; 唐 蒋 邓 欧阳 are local). */
const SURNAMES: readonly (readonly [string, number])[] = [
  ['李', 8],
  ['王', 7],
  ['张', 7],
  ['刘', 7],
  ['陈', 6],
  ['杨', 5],
  ['黄', 4],
  ['周', 4],
  ['唐', 5],
  ['蒋', 5],
  ['胡', 3],
  ['邓', 4],
  ['彭', 3],
  ['谢', 3],
  ['罗', 3],
  ['曾', 3],
  ['吴', 3],
  ['赵', 2],
  ['何', 3],
  ['文', 2],
  ['龙', 2],
  ['朱', 2],
  ['郑', 2],
  ['雷', 2],
  ['伍', 2],
  ['欧阳', 1],
  ['廖', 2],
  ['石', 1],
  ['郭', 2],
  ['孙', 1],
];

/** Given names by generation (birth before 1960, 1960–1989, from 1990) and sex: names follow fashions. */
const GIVEN: Record<'old' | 'middle' | 'young', Record<'male' | 'female', readonly string[]>> = {
  old: {
    male: ['建国', '国华', '德明', '志明', '福生', '长生', '春生', '桂生', '永福', '玉林', '汉文', '振华', '树德', '国庆', '继红'],
    female: ['秀英', '桂英', '秀兰', '玉兰', '桂兰', '冬梅', '凤英', '翠英', '淑珍', '玉珍', '金莲', '菊香', '春花', '满秀', '美玉'],
  },
  middle: {
    male: ['伟', '勇', '军', '强', '磊', '斌', '波', '涛', '辉', '建华', '小平', '海军', '卫东', '志强', '文杰', '红军', '立新'],
    female: ['丽', '芳', '娟', '敏', '艳', '红梅', '小燕', '丽华', '海燕', '春燕', '晓红', '慧', '琴', '霞', '丽萍', '美华'],
  },
  young: {
    male: ['浩然', '子轩', '宇航', '俊杰', '梓豪', '思远', '博文', '一鸣', '睿', '子豪', '皓轩', '嘉豪', '泽宇', '明轩', '天佑'],
    female: ['子涵', '欣怡', '梓涵', '诗琪', '雨桐', '思琪', '可馨', '佳怡', '雨萱', '梦瑶', '语嫣', '紫萱', '若曦', '一诺', '静怡'],
  },
};

/**
 * GB/T 2260 codes of Yongzhou's counties (4311xx): most residents of 冷水滩区 were born here (431103), others
 * elsewhere in the city. 431121 is 祁阳 as it was coded before becoming a city: older cards keep their code.
 */
const BIRTH_REGIONS: readonly (readonly [string, number])[] = [
  ['431103', 70], // 冷水滩区
  ['431102', 10], // 零陵区
  ['431121', 6], // 祁阳
  ['431122', 5], // 东安县
  ['431123', 2], // 双牌县
  ['431124', 2], // 道县
  ['431126', 2], // 宁远县
  ['431128', 1], // 新田县
  ['431129', 2], // 江华瑶族自治县
];

/** Mobile prefixes of the three carriers (China Mobile 13x/15x/18x dominates in Hunan). */
const MOBILE_PREFIXES = [
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '182',
  '187',
  '188',
  '130',
  '131',
  '155',
  '156',
  '186',
  '133',
  '153',
  '180',
  '189',
  '177',
  '199',
];

export type Sex = 'male' | 'female';

export function surname(rng: Prng): string {
  return rng.weighted(SURNAMES);
}

export function givenName(rng: Prng, sex: Sex, birthDate: IsoDate): string {
  const year = Number(birthDate.slice(0, 4));
  const generation = year < 1960 ? 'old' : year < 1990 ? 'middle' : 'young';
  return rng.pick(GIVEN[generation][sex]);
}

/** A birth date `age` whole years before `asOf` (a uniformly drawn day in that year of life). */
export function birthDateAt(rng: Prng, age: number, asOf: IsoDate): IsoDate {
  return addDays(birthdayAt(asOf, -age), -rng.int(0, 364));
}

/**
 * A 身份证 number for that birth date and sex, unique within `taken`: region code, birth date, a sequence
 * number whose last digit is odd for men and even for women, and the GB 11643 check character.
 */
export function idNumber(rng: Prng, birthDate: IsoDate, sex: Sex, taken: Set<string>): string {
  for (;;) {
    const region = rng.weighted(BIRTH_REGIONS);
    const seq = rng.int(0, 49) * 2 + (sex === 'male' ? 1 : 0) + rng.int(0, 9) * 100;
    const first17 = `${region}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    const id = `${first17}${checkCharacter(first17)}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

export function mobile(rng: Prng): string {
  return `${rng.pick(MOBILE_PREFIXES)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}
