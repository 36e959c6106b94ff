import type { Post } from '@grid/contracts';
import type { CommandContext } from '@grid/platform';
import type { ElectionsServices } from '../composition';
import type { TallyInput } from '../domain/types';
import { hunan } from '../domain/rules/rule-sets';
import { birthYearOf, type ResidentView } from '../projections/residents.projection';
import { committeeActor, draw, seedCtx, type SeedCommunity } from './seed-context';

/** The days of one election, from the call to voting day. */
export interface Schedule {
  called: string;
  audited: string;
  published: string;
  frozen: string;
  nominated: string;
  listed: string;
  proxies: string;
  votingDay: string;
}

type Person = ResidentView & { headId: string | null };

const SEATS: Record<'village' | 'community', { post: Post; seats: number }[]> = {
  village: [
    { post: 'director', seats: 1 },
    { post: 'deputy-director', seats: 1 },
    { post: 'member', seats: 1 },
  ],
  community: [
    { post: 'director', seats: 1 },
    { post: 'deputy-director', seats: 1 },
    { post: 'member', seats: 3 },
  ],
};

/** The age reached in the year of `day`: the seed picks its committee, candidates and stations by the birth year it holds in clear. */
const ageOn = (p: Pick<ResidentView, 'birthDate' | 'birthYear'>, day: string): number => Number(day.slice(0, 4)) - birthYearOf(p);

/**
 * One election of a seeded community through the service's own application objects, each step as its committee
 * takes it in life. `stopAt: 'objections'` leaves it with the roll published and the objection window open.
 */
export class SeedElection {
  private readonly village: boolean;
  private readonly people = new Map<string, Person>();
  private readonly groupOf = new Map<string, string>();

  constructor(
    private readonly services: ElectionsServices,
    private readonly community: SeedCommunity,
    private readonly key: string,
    private readonly term: number,
    private readonly days: Schedule,
    private readonly signal?: AbortSignal,
  ) {
    this.village = community.kind === 'villagers-committee';
  }

  /**
   * Reads the community's residents; false when too few live there for an election committee and more candidates
   * than seats (a small SEED_HOUSEHOLDS leaves some communities nearly empty).
   */
  async enoughPeople(): Promise<boolean> {
    await this.loadPeople();
    const adults = [...this.people.values()].filter((p) => !p.diedOn && ageOn(p, this.days.votingDay) >= 28 && ageOn(p, this.days.votingDay) <= 60);
    return adults.length >= 20;
  }

  private ctx(step: string): CommandContext {
    return seedCtx(`${this.key}:${step}`, committeeActor(this.community.regionId));
  }

  private async step(electionId: string, step: string, cmd: Parameters<ElectionsServices['elections']['step']>[1]): Promise<void> {
    this.signal?.throwIfAborted();
    await this.services.elections.step(electionId, cmd, this.ctx(step));
  }

  /** The call, the election committee, the audit and the published roll (Art 11–14); returns the election id. */
  async toPublishedRoll(): Promise<string> {
    const { community, days } = this;
    const stations = [
      { stationId: 'st1', name: `${community.name}${this.village ? '村委会' : '居委会'}投票站`, kind: 'polling-station' as const },
      ...(this.village ? [] : [{ stationId: 'st2', name: `${community.name}第二投票站`, kind: 'polling-station' as const }]),
      { stationId: 'mb1', name: '流动票箱', kind: 'mobile-box' as const, countedWith: 'st1' },
    ];
    const call = { kind: community.kind, regionId: community.regionId, term: this.term, seats: SEATS[this.village ? 'village' : 'community'], votingDay: days.votingDay, stations, ruleSet: hunan(community.kind), on: days.called };
    const { id } = await this.services.elections.create(call, this.ctx('call'));
    const adults = this.ranked('committee', (p) => ageOn(p, days.called) >= 35 && !p.diedOn).slice(0, 5);
    for (const [i, p] of adults.entries()) {
      await this.step(id, `committee:${i}`, { type: 'appoint-committee-member', memberId: p.personId, role: i === 0 ? 'chair' : 'member', chosenBy: 'assembly', on: days.called });
    }
    const auditor = this.village ? '冷水滩区农村经营管理站' : '街道财政所';
    await this.step(id, 'audit', { type: 'record-audit', on: days.audited, auditor, reportRef: `清理审计报告 ${days.audited.slice(0, 4)}-${community.name}` });
    const view = await this.services.electionLookup.get(id);
    this.signal?.throwIfAborted();
    await this.services.voterRoll.publish(view!, days.published, this.ctx('roll'));
    return id;
  }

  /** Freeze, candidates, proxies, voting day, the stations' counts and the declared result (Art 14–15). */
  async toResult(id: string): Promise<{ registered: number; voted: number }> {
    const { days } = this;
    await this.step(id, 'freeze', { type: 'freeze-roll', on: days.frozen });
    const roll = await this.services.roll.entries(id);
    const onRoll = roll.map((e) => this.people.get(e.voterId)).filter((p): p is Person => p !== undefined);
    // Deaths between publication and voting day reach the frozen roll as the life-events reaction would flag them.
    for (const p of onRoll.filter((x) => x.diedOn && x.diedOn > days.published && x.diedOn <= days.votingDay)) {
      await this.step(id, `died:${p.personId}`, { type: 'record-life-event', voterId: p.personId, event: 'died', on: p.diedOn! });
    }
    const voters = onRoll.filter((p) => !p.diedOn || p.diedOn > days.votingDay);
    const committee = new Set((await this.services.electionLookup.get(id))!.committee);
    const pool = this.ranked('candidates', (p) => voters.includes(p) && !committee.has(p.personId) && ageOn(p, days.votingDay) >= 28 && ageOn(p, days.votingDay) <= 60);
    const posts = SEATS[this.village ? 'village' : 'community'].map(({ post, seats }) => ({ post, candidateIds: pool.splice(0, seats + 1).map((p) => p.personId) }));
    for (const { post, candidateIds } of posts) {
      for (const candidateId of candidateIds) {
        const joint = draw(`${this.key}:nomination:${candidateId}`) < 0.8;
        await this.step(id, `nominate:${candidateId}`, { type: 'nominate', candidateId, post, nomination: joint ? 'joint' : 'self', supporters: joint ? 10 + Math.floor(draw(`${this.key}:supporters:${candidateId}`) * 40) : 1, on: days.nominated });
      }
    }
    await this.step(id, 'candidates', { type: 'publish-candidates', on: days.listed, posts });
    const proxyOf = await this.proxies(id, voters);
    const ballots = await this.ballots(id, voters, proxyOf);
    for (const [stationId, issued] of ballots) await this.step(id, `tally:${stationId}`, { type: 'record-tally', ...this.count(stationId, issued, posts) });
    await this.step(id, 'result', { type: 'declare-round', on: days.votingDay });
    return { registered: roll.length, voted: [...ballots.values()].reduce((a, b) => a + b, 0) };
  }

  /** 委托投票: a few spouses away on voting day authorise the household's head (one each, well under the limit of 3). */
  private async proxies(id: string, voters: Person[]): Promise<Map<string, string>> {
    const on = new Set(voters.map((p) => p.personId));
    const proxyOf = new Map<string, string>();
    for (const p of voters) {
      if (p.relation !== 'spouse' || !p.headId || !on.has(p.headId) || draw(`${this.key}:away:${p.personId}`) >= 0.06) continue;
      const authorisationRef = `委托书 ${this.days.proxies}-${proxyOf.size + 1}`;
      await this.step(id, `proxy:${p.personId}`, { type: 'authorise-proxy', principalId: p.personId, proxyId: p.headId, relation: 'spouse', authorisationRef, on: this.days.proxies });
      proxyOf.set(p.personId, p.headId);
    }
    await this.step(id, 'proxies', { type: 'publish-proxies', on: this.days.proxies });
    return proxyOf;
  }

  /**
   * Voting day: 参选率 between 90 % and 97 % per community (seed 000 gives the district's figure only as "x%"); voters
   * of 80 and over vote at home into the mobile box, the rest at their group's station. Returns ballots per counting station.
   */
  private async ballots(id: string, voters: Person[], proxyOf: Map<string, string>): Promise<Map<string, number>> {
    const { days } = this;
    const rate = 0.9 + 0.07 * draw(`${this.key}:turnout`);
    const voting = this.ranked('votes', (p) => voters.includes(p)).slice(0, Math.ceil(rate * voters.length));
    const groups = [...new Set(voters.map((p) => this.groupOf.get(p.personId)!))].sort();
    const counted = new Map<string, number>();
    for (const [i, p] of voting.entries()) {
      const stationId = ageOn(p, days.votingDay) >= 80 ? 'mb1' : !this.village && groups.indexOf(this.groupOf.get(p.personId)!) >= groups.length / 2 ? 'st2' : 'st1';
      const minute = 8 * 60 + Math.floor((i * 9 * 60) / voting.length);
      const at = `${days.votingDay}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+08:00`;
      const proxyId = proxyOf.get(p.personId);
      const ballot = proxyId ? { via: 'proxy' as const, proxyId } : { via: 'in-person' as const };
      await this.step(id, `ballot:${p.personId}`, { type: 'issue-ballot', voterId: p.personId, stationId, ...ballot, at });
      const counting = stationId === 'mb1' ? 'st1' : stationId;
      counted.set(counting, (counted.get(counting) ?? 0) + 1);
    }
    return counted;
  }

  /** 唱票、计票 at one station: a few unreturned, blank and invalid ballots; the first `seats` candidates of each post well ahead. */
  private count(stationId: string, issued: number, posts: { post: Post; candidateIds: string[] }[]): TallyInput {
    const unreturned = Math.floor(issued * 0.003);
    const returned = issued - unreturned;
    const invalid = Math.floor(returned * 0.01);
    const blank = Math.floor(returned * 0.005);
    const valid = returned - invalid - blank;
    const votes = posts.flatMap(({ post, candidateIds }) =>
      candidateIds.map((candidateId, i) => {
        const d = draw(`${this.key}:${stationId}:${candidateId}`);
        // Winners 60–80 % of valid ballots, the last candidate at most what a single seat leaves them.
        const share = i < candidateIds.length - 1 ? 0.6 + 0.2 * d : 0.18 * d;
        return { post, candidateId, votes: Math.floor(valid * share) };
      }),
    );
    return { stationId, on: this.days.votingDay, returned, unreturned, valid, blank, invalid, votes };
  }

  /** The community's residents (elections' own projection), with each one's household head for proxies. */
  private async loadPeople(): Promise<void> {
    this.people.clear();
    for (const h of await this.services.residents.openHouseholds()) {
      if (!(await this.services.regions.isWithin(h.gridId, [this.community.regionId]))) continue;
      const head = h.members.find((m) => m.relation === 'head')?.personId ?? null;
      for (const m of h.members) {
        this.people.set(m.personId, { ...m, headId: head === m.personId ? null : head });
        this.groupOf.set(m.personId, h.gridId);
      }
    }
  }

  /** The people passing `keep`, in an order drawn for `purpose` (the same on every run). */
  private ranked(purpose: string, keep: (p: Person) => boolean): Person[] {
    const score = (p: Person) => draw(`${this.key}:${purpose}:${p.personId}`);
    return [...this.people.values()].filter(keep).sort((a, b) => score(a) - score(b));
  }
}
