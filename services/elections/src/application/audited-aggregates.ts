import { auditedAggregate, foundingField, type AuditedAggregate } from '@grid/platform';
import type { ElectionsServices } from '../composition';
import { electionDecider, type ElectionState } from '../domain';
import { electionStream } from './election-commands';

/**
 * What an auditor sees of an election as of a date: its steps and counts; the roll and the ballots issued by
 * their sizes only (who is on the roll and who voted where are the events themselves, ids and keyed hashes).
 */
function electionView(s: ElectionState) {
  if (s === null) return null;
  return {
    electionId: s.id,
    kind: s.kind,
    regionId: s.regionId,
    term: s.term,
    seats: s.seats,
    votingDay: s.votingDay,
    stations: [...s.stations.keys()],
    committee: [...s.committee],
    auditedOn: s.auditedOn,
    roll: { size: s.roll.size, flagged: [...s.roll.values()].filter((v) => v.flag !== null).length },
    published: s.published,
    objections: s.objections,
    applications: s.applications,
    frozen: s.frozen,
    nominations: s.nominations,
    candidatesPublished: s.candidatesPublished,
    proxies: s.proxies.size,
    proxiesPublished: s.proxiesPublished,
    rounds: s.rounds.map((r) => ({ no: r.no, posts: r.posts, ballotsIssued: r.ballots.size, issuedAt: r.issuedAt, tallies: r.tallies, declared: r.declared })),
    elected: s.elected,
    outcome: s.outcome,
    recalls: s.recalls,
  };
}

/** The aggregates auditors may ask about as of a date (docs/audit.md, "As-of across services"). */
export const electionsAudited: readonly AuditedAggregate<ElectionsServices>[] = [
  auditedAggregate({
    name: 'elections',
    summary: { zh: '选举', en: 'An election' },
    stream: electionStream,
    decider: electionDecider,
    view: electionView,
    regionOf: (events) => foundingField(events, 'regionId'),
  }),
];
