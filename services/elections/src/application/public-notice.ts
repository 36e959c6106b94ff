import { personSubject } from '@grid/contracts';
import type { PersonalDataVault, RegionDirectory } from '@grid/platform';
import type { ElectionView } from '../projections/elections.projection';
import type { ResidentLookup } from '../projections/residents.projection';
import type { RollLookup } from '../projections/roll.projection';

/**
 * Why elections opens names grid-records sealed: each is a posting the law requires, and the vault records every reveal.
 * The roll is posted until the result is announced; candidates, proxies and the elected stay on the notice.
 */
export const REVEAL_PURPOSES = {
  'posted-roll': '选民名单张榜公布 · the posted roll (村民委员会组织法 第十四条)',
  'posted-candidates': '正式候选人名单与选举结果公布 · the candidates and the result (第十五条)',
  'posted-proxies': '委托投票名单公布 · the principals and proxies (第十五条)',
} as const;
type Purpose = keyof typeof REVEAL_PURPOSES;

const SERVICE = 'elections';
const BY = 'public';

/** 公告栏: what the committee posts publicly, names through the vault, never a 身份证 number, phone or person id beside a name of the roll. */
export class PublicNotice {
  constructor(
    private readonly roll: RollLookup,
    private readonly residents: ResidentLookup,
    private readonly regions: RegionDirectory,
    private readonly vault: PersonalDataVault,
  ) {}

  async of(v: ElectionView) {
    const people = await this.residents.byPerson();
    const names = (purpose: Purpose, ids: readonly string[]) => this.names(people, purpose, ids);
    const posted = v.roll.publishedOn !== null && v.outcome === null;
    const entries = posted ? await this.roll.entries(v.electionId) : [];
    const rollNames = await names('posted-roll', entries.map((e) => e.voterId));
    const groupNames = new Map<string, string | null>();
    for (const g of new Set(entries.map((e) => e.group).filter((g): g is string => g !== null))) groupNames.set(g, (await this.regions.node(g))?.name ?? null);
    const candidateIds = [...(v.candidates ?? []).flatMap((p) => p.candidateIds)];
    const candidateNames = await names('posted-candidates', candidateIds);
    const proxies = v.proxiesPublishedOn ? v.proxies : [];
    const proxyNames = await names('posted-proxies', proxies.flatMap((p) => [p.principalId, p.proxyId]));
    return {
      electionId: v.electionId,
      regionId: v.regionId,
      kind: v.kind,
      term: v.term,
      votingDay: v.votingDay,
      roll:
        v.roll.publishedOn === null
          ? null
          : {
              publishedOn: v.roll.publishedOn,
              objectionsUntil: v.roll.objectionsUntil,
              root: v.roll.root,
              size: v.roll.size,
              /** Posted until the result is announced; then only its size and commitment remain. */
              entries: posted ? entries.map((e) => ({ name: rollNames.get(e.voterId) ?? null, group: e.group && groupNames.get(e.group), flag: e.flag })) : null,
            },
      candidates: v.candidates?.map((p) => ({ ...p, candidates: p.candidateIds.map((id) => ({ candidateId: id, name: candidateNames.get(id) ?? null })) })) ?? null,
      proxies: v.proxiesPublishedOn ? proxies.map((p) => ({ principal: proxyNames.get(p.principalId) ?? null, proxy: proxyNames.get(p.proxyId) ?? null })) : null,
      rounds: v.rounds,
      outcome: v.outcome && { ...v.outcome, elected: v.outcome.elected.map((e) => ({ ...e, name: candidateNames.get(e.candidateId) ?? null })) },
    };
  }

  /** One recorded reveal per purpose; a name grid-records shredded (or never sent) is null. */
  private async names(people: Awaited<ReturnType<ResidentLookup['byPerson']>>, purpose: Purpose, ids: readonly string[]): Promise<Map<string, string | null>> {
    const items = [...new Set(ids)].flatMap((id) => {
      const sealed = people.get(id)?.name;
      return sealed ? [{ id, subjectId: personSubject(id), sealed }] : [];
    });
    const clear = await this.vault.reveal({ service: SERVICE, purpose, by: BY }, items);
    return new Map(items.map((item, i) => [item.id, clear[i] ?? null]));
  }
}
