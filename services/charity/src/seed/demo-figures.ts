// The demo district's charity year, after seeds 002 and 004 (冷水滩区 2020): figures in fen.

/** 787.93 万元 of money received in the year (seed 002). */
export const MONEY_FEN = 787_930_000;
/** 9.3 万元 from the power company to 大湾村 for solar street lights (seed 002: 定向捐赠). */
export const DIRECTED_FEN = 9_300_000;
export const DIRECTED_VILLAGE = '大湾村';
export const DIRECTED_PURPOSE = 'solar-street-lights';

/** 240,369.5 items worth 163.95 万元 (seed 002); the split into kinds is illustrative. */
export const GOODS = [
  { itemKey: 'masks', description: '一次性医用口罩', quantity: 200_000, unit: '个', valuationFen: 60_000_000 },
  { itemKey: 'rice', description: '大米', quantity: 39_694.5, unit: 'kg', valuationFen: 100_000_000 },
  { itemKey: 'disinfectant', description: '消毒液', quantity: 675, unit: 'kg', valuationFen: 3_950_000 },
];

/** Units that gave in 慈善一日捐 (illustrative names of a district's 机关、企事业单位). */
export const GIVING_UNITS = ['冷水滩区直机关工委', '区教育局', '区卫健局', '区民政局', '永州市冷水滩区人民医院', '湖南某建设集团', '冷水滩某商贸公司', '区农商银行'];
export const POWER_COMPANY = '国网永州市冷水滩区供电公司';
