import type { StandardsSet } from './types';

const month = (yuan: number) => ({ fen: Math.round(yuan * 100), per: 'month' as const });
const year = (yuan: number) => ({ fen: Math.round(yuan * 100), per: 'year' as const });

/**
 * Lengshuitan district 2020 (seed 002, 冷水滩区民政局 2020年工作总结), the default set for every region.
 * From the seed: urban 低保 500 元/person/month from January 2020 and 570 from November 2020; rural 低保
 * 4020 元/person/year; 特困 8892 / 5280 元/year urban / rural; two disability subsidies 65 元/person/month
 * (raised from 60 under 冷民发[2020]19号; we take it from January 2020). Everything listed in `assumptions`
 * is ours:
 * - Grants take effect on the 1st of the month after the decision (次月起发放), as provinces commonly rule.
 * - 低保 class shares A 100%, B 70%, C 40% of the standard. With the seed's 2020 rural intake (A 86,
 *   B 842, C 129 persons) this pays 68.8% on average: 230 元 rural and 392 元 urban a month, matching the
 *   seed's "月人均救助水平 230元以上 / 380元以上".
 * - 特困 照料护理费: nothing for self-care, 200 元 semi-disabled, 400 元 disabled a month (the seed only says
 *   375 失能/半失能 persons receive it).
 * - 孤儿 950 元 dispersed / 1350 元 centralized a month (Hunan 2020 figures as we understand them; the seed's
 *   134.5 万 for 98 orphans incl. price subsidies ≈ 1144 元 a month fits); 事实无人抚养儿童 as dispersed
 *   orphans (民发〔2019〕62号 ties them together); 困境儿童 300 元.
 * - 高龄补贴 50 元 at 80–89, 100 元 at 90–99; 350 元 from 100 (百岁老人: seed's 8.8 万 for 21 persons ≈ 349 元).
 * - 优抚对象 0 here: veterans' pensions have been paid by the veterans' affairs bureau since 2018.
 */
const common2020 = {
  year: 2020,
  regionId: '*',
  grantStart: {
    rule: 'month-after-decision' as const,
    source: '湖南省 (seed 002): 经审批同意的, 自批准之次月起发放 (our reading: the seed names no rule)',
  },
  minimumLivingClassShare: { A: 10_000, B: 7_000, C: 4_000 },
  extremePoverty: { urban: year(8892), rural: year(5280) },
  extremePovertyCare: { 'self-care': month(0), 'semi-disabled': month(200), disabled: month(400) },
  disabilityLiving: month(65),
  disabilityCare: month(65),
  orphan: { dispersed: month(950), centralized: month(1350) },
  unsupportedChild: month(950),
  childInDifficulty: month(300),
  advancedAge: [
    { minAge: 100, amount: month(350) },
    { minAge: 90, amount: month(100) },
    { minAge: 80, amount: month(50) },
  ],
  entitledVeteran: month(0),
  assumptions: [
    'grantStart',
    'minimumLivingClassShare',
    'extremePovertyCare',
    'orphan',
    'unsupportedChild',
    'childInDifficulty',
    'advancedAge',
    'entitledVeteran',
  ],
};

export const LENGSHUITAN_2020_01: StandardsSet = {
  ...common2020,
  id: 'lengshuitan-2020-01',
  effectiveFrom: '2020-01-01',
  source: 'seed 002 (冷水滩区民政局 2020年工作总结): 城市低保 500元/人.月 from 2020-01',
  minimumLiving: { urban: month(500), rural: year(4020) },
};

export const LENGSHUITAN_2020_11: StandardsSet = {
  ...common2020,
  id: 'lengshuitan-2020-11',
  effectiveFrom: '2020-11-01',
  source: 'seed 002 (冷水滩区民政局 2020年工作总结): 城市低保 570元/人.月 from 2020-11',
  minimumLiving: { urban: month(570), rural: year(4020) },
};

export const DEFAULT_STANDARDS: readonly StandardsSet[] = [LENGSHUITAN_2020_01, LENGSHUITAN_2020_11];
