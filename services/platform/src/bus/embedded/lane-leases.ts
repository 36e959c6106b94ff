import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { immediate } from './database';
import { partitionFor } from './partitioning';

export interface LaneId {
  topic: string;
  partition: number;
}

export interface Member {
  memberId: string;
  topics: string[];
}

/**
 * Who in a consumer group works which lane, kept in SQLite so that it holds across processes sharing the
 * file: members announce themselves with an expiring row, and a lane is worked only under an expiring
 * lease. A live member renews both; a crashed one stops renewing and its lanes become free when the lease
 * runs out. Clocks are the host's wall clock: every process sharing a file runs on the same host.
 */
export class LaneLeases {
  private readonly upsertMember: StatementSync;
  private readonly deleteMember: StatementSync;
  private readonly pruneMembers: StatementSync;
  private readonly liveMembersOf: StatementSync;
  private readonly renewLeases: StatementSync;
  private readonly acquire: StatementSync;
  private readonly release: StatementSync;
  private readonly releaseAll: StatementSync;
  private readonly ownerOf: StatementSync;

  constructor(private readonly db: DatabaseSync) {
    this.upsertMember = db.prepare(`
      INSERT INTO bus_members (group_id, member_id, topics, expires_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (group_id, member_id) DO UPDATE SET topics = excluded.topics, expires_at = excluded.expires_at`);
    this.deleteMember = db.prepare('DELETE FROM bus_members WHERE group_id = ? AND member_id = ?');
    this.pruneMembers = db.prepare('DELETE FROM bus_members WHERE group_id = ? AND expires_at < ?');
    this.liveMembersOf = db.prepare('SELECT member_id, topics FROM bus_members WHERE group_id = ? AND expires_at >= ? ORDER BY member_id');
    this.renewLeases = db.prepare('UPDATE bus_leases SET expires_at = ? WHERE group_id = ? AND owner = ?');
    // Taken when free, expired, or already ours; a live lease of another member is left alone.
    this.acquire = db.prepare(`
      INSERT INTO bus_leases (group_id, topic, partition, owner, expires_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (group_id, topic, partition) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
      WHERE bus_leases.owner = excluded.owner OR bus_leases.expires_at < ?`);
    this.release = db.prepare('DELETE FROM bus_leases WHERE group_id = ? AND topic = ? AND partition = ? AND owner = ?');
    this.releaseAll = db.prepare('DELETE FROM bus_leases WHERE group_id = ? AND owner = ?');
    this.ownerOf = db.prepare('SELECT owner FROM bus_leases WHERE group_id = ? AND topic = ? AND partition = ?');
  }

  /** Announces (or keeps announcing) a member and extends its leases; also forgets long-dead members. */
  heartbeat(groupId: string, member: Member, expiresAt: number, now: number): void {
    immediate(this.db, () => {
      this.pruneMembers.run(groupId, now);
      this.upsertMember.run(groupId, member.memberId, JSON.stringify(member.topics), expiresAt);
      this.renewLeases.run(expiresAt, groupId, member.memberId);
    });
  }

  /** A member leaving on purpose gives its lanes up at once rather than when its lease runs out. */
  leave(groupId: string, memberId: string): void {
    immediate(this.db, () => {
      this.releaseAll.run(groupId, memberId);
      this.deleteMember.run(groupId, memberId);
    });
  }

  liveMembers(groupId: string, now: number): Member[] {
    return this.liveMembersOf
      .all(groupId, now)
      .map((row) => ({ memberId: String(row.member_id), topics: JSON.parse(String(row.topics)) as string[] }));
  }

  tryAcquire(groupId: string, lane: LaneId, memberId: string, expiresAt: number, now: number): boolean {
    return this.acquire.run(groupId, lane.topic, lane.partition, memberId, expiresAt, now).changes > 0;
  }

  releaseLane(groupId: string, lane: LaneId, memberId: string): void {
    this.release.run(groupId, lane.topic, lane.partition, memberId);
  }

  holds(groupId: string, lane: LaneId, memberId: string): boolean {
    return this.ownerOf.get(groupId, lane.topic, lane.partition)?.owner === memberId;
  }
}

/**
 * The lanes a member should work, computed alike by every member from the same list of live members:
 * per topic, its partitions are dealt round-robin over the members subscribed to it (sorted by id). The
 * start is offset by a hash of the topic so that partition 0 of every topic does not fall to one member.
 */
export function assignedLanes(members: Member[], memberId: string, partitions: number): LaneId[] {
  const me = members.find((m) => m.memberId === memberId);
  if (!me) return [];
  const lanes: LaneId[] = [];
  for (const topic of me.topics) {
    const candidates = members
      .filter((m) => m.topics.includes(topic))
      .map((m) => m.memberId)
      .sort();
    const offset = partitionFor(topic, candidates.length);
    for (let partition = 0; partition < partitions; partition += 1) {
      if (candidates[(partition + offset) % candidates.length] === memberId) lanes.push({ topic, partition });
    }
  }
  return lanes;
}

export const laneKey = (lane: LaneId): string => `${lane.partition}:${lane.topic}`;
