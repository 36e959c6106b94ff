/**
 * The demo district, after seed 002 (冷水滩区民政局 2020年工作总结): a scaled-down slice of its 204 村/社区 with
 * names the report uses. Which street each community sits in is illustrative (the report names only 翠竹园社区
 * as 梅湾街道's); 上湾村, 茶园村 and 新屋村 are made up to fill the township.
 */
export const DISTRICT = { name: '冷水滩区', kind: 'district', code: '431103' } as const; // GB/T 2260: 湖南省永州市冷水滩区

export interface CommunitySpec {
  name: string;
  kind: 'community' | 'village';
  /** Share of the district's households (urban communities are denser). */
  weight: number;
}

export interface StreetSpec {
  name: string;
  kind: 'sub-district' | 'town';
  communities: CommunitySpec[];
}

export const STREETS: readonly StreetSpec[] = [
  {
    name: '梅湾街道',
    kind: 'sub-district',
    communities: [
      { name: '翠竹园社区', kind: 'community', weight: 12 }, // seed 002: "五零"工作法
      { name: '白竹亭社区', kind: 'community', weight: 11 }, // seed 002: 社区民政服务社会化改革试点
      { name: '凌云社区', kind: 'community', weight: 10 },
      { name: '凤凰社区', kind: 'community', weight: 10 }, // seed 002: 居家养老服务示范点
    ],
  },
  {
    name: '曲河街道',
    kind: 'sub-district',
    communities: [
      { name: '曲河社区', kind: 'community', weight: 9 }, // seed 002: one of the 6 城郊社区 moved into the central area
      { name: '四丘田社区', kind: 'community', weight: 8 },
      { name: '谷源社区', kind: 'community', weight: 8 },
      { name: '忠烈社区', kind: 'community', weight: 7 }, // seed 002: 新成立
    ],
  },
  {
    name: '黄阳司镇',
    kind: 'town',
    communities: [
      { name: '大湾村', kind: 'village', weight: 7 }, // seed 002: 定向捐赠 太阳能路灯
      { name: '上湾村', kind: 'village', weight: 6 },
      { name: '茶园村', kind: 'village', weight: 6 },
      { name: '新屋村', kind: 'village', weight: 6 },
    ],
  },
];

/** 微网格 per grid; an urban one holds 楼栋, a village's is a 村民小组 of scattered houses (no buildings). */
export const MICRO_GRIDS_PER_GRID = 3;
export const BUILDINGS_PER_MICRO_GRID = 4;

/** Share of residents with urban 户籍 (seed 002 pays urban and rural 低保 on different standards). */
export const URBAN_REGISTRATION = { community: 0.88, village: 0.04 } as const;

export const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'] as const;
