import { STREETS, type CommunitySpec, type StreetSpec } from '@grid/grid-records';

/** About 2,000 households a community (seed 002: 204 村/社区 in a district of ~170,000 households, ~830 each; denser here). */
export const HOUSEHOLDS_PER_COMMUNITY = 2000;
const COMMUNITIES_PER_STREET = 8;

/**
 * The streets of a district of `households`: seed 002's slice (3 streets, 12 communities) up to 24,000 households,
 * beyond it at least 3 streets of up to 8 communities each, named after the slice's with a number, so a community keeps
 * about 2,000 households and a street's payment roster the size of a real street's.
 */
export function districtStreets(households: number): readonly StreetSpec[] {
  const communities = Math.ceil(households / HOUSEHOLDS_PER_COMMUNITY);
  if (communities <= 12) return STREETS;
  const streets = Math.max(STREETS.length, Math.ceil(communities / COMMUNITIES_PER_STREET));
  return Array.from({ length: streets }, (_, s) => {
    const base = STREETS[s % STREETS.length]!;
    const round = Math.floor(s / STREETS.length);
    // Spread evenly: street s gets communities [s·c/streets, (s+1)·c/streets).
    const count = Math.floor(((s + 1) * communities) / streets) - Math.floor((s * communities) / streets);
    return {
      name: numbered(base.name, round, /(街道|镇)$/),
      kind: base.kind,
      communities: Array.from({ length: Math.max(1, count) }, (_, c): CommunitySpec => {
        const like = base.communities[c % base.communities.length]!;
        return { ...like, name: numbered(like.name, Math.floor(c / base.communities.length), /(社区|村)$/) };
      }),
    };
  });
}

/** 梅湾街道 → 梅湾二街道: the n-th copy of a name (the first keeps it). */
function numbered(name: string, n: number, suffix: RegExp): string {
  return n === 0 ? name : name.replace(suffix, `${CHINESE[n] ?? n + 1}$1`);
}

const CHINESE = ['', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
