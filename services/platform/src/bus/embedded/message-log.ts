import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { Envelope } from '@grid/contracts';
import { immediate } from './database';

/** A row of `bus_messages` as a lane reads it. */
export interface StoredMessage {
  seq: number;
  key: string;
  value: Envelope;
  headers: Record<string, string>;
}

export interface NewMessage {
  topic: string;
  partition: number;
  key: string;
  value: Envelope;
  headers: Record<string, string>;
}

/** Identifies one lane's committed position: a group's place in one partition of one topic. */
export interface LanePosition {
  groupId: string;
  topic: string;
  partition: number;
}

/**
 * The durable log and the groups' committed positions. Every commit is fenced by the lane lease: it only
 * lands while the committing member still holds the lane, so a member that lost its lane (it stalled past
 * its lease and another took over) cannot move the new owner's position.
 */
export class MessageLog {
  private readonly insertMessage: StatementSync;
  private readonly readLane: StatementSync;
  private readonly laneHead: StatementSync;
  private readonly globalHead: StatementSync;
  private readonly committedSeq: StatementSync;
  private readonly fencedCommit: StatementSync;
  private readonly startAtEnd: StatementSync;

  constructor(private readonly db: DatabaseSync) {
    this.insertMessage = db.prepare(
      'INSERT INTO bus_messages (topic, partition, key, value, headers, published_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.readLane = db.prepare(
      'SELECT seq, key, value, headers FROM bus_messages WHERE topic = ? AND partition = ? AND seq >= ? ORDER BY seq LIMIT ?',
    );
    this.laneHead = db.prepare('SELECT MAX(seq) AS head FROM bus_messages WHERE topic = ? AND partition = ?');
    this.globalHead = db.prepare('SELECT MAX(seq) AS head FROM bus_messages');
    this.committedSeq = db.prepare('SELECT next_seq FROM bus_offsets WHERE group_id = ? AND topic = ? AND partition = ?');
    this.fencedCommit = db.prepare(`
      INSERT INTO bus_offsets (group_id, topic, partition, next_seq)
      SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM bus_leases WHERE group_id = ? AND topic = ? AND partition = ? AND owner = ?)
      ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_seq = excluded.next_seq`);
    this.startAtEnd = db.prepare(`
      INSERT OR IGNORE INTO bus_offsets (group_id, topic, partition, next_seq)
      VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM bus_messages))`);
  }

  /** Appends all or nothing: one transaction, one fsync, however many messages. */
  append(messages: NewMessage[]): void {
    const publishedAt = new Date().toISOString();
    immediate(this.db, () => {
      for (const m of messages) this.insert(m, publishedAt);
    });
  }

  read(topic: string, partition: number, fromSeq: number, limit: number): StoredMessage[] {
    return this.readLane.all(topic, partition, fromSeq, limit).map((row) => ({
      seq: Number(row.seq),
      key: String(row.key),
      value: JSON.parse(String(row.value)) as Envelope,
      headers: JSON.parse(String(row.headers)) as Record<string, string>,
    }));
  }

  /** Seq of the newest message in a lane, 0 when it has none. */
  head(topic: string, partition: number): number {
    return Number(this.laneHead.get(topic, partition)?.head ?? 0);
  }

  /** Seq of the newest message of any topic: a cheap "did anything arrive" probe for polling. */
  globalHeadSeq(): number {
    return Number(this.globalHead.get()?.head ?? 0);
  }

  /** The seq a group reads next in a lane; 0 (the very start) when it never committed there. */
  committed(lane: LanePosition): number {
    return Number(this.committedSeq.get(lane.groupId, lane.topic, lane.partition)?.next_seq ?? 0);
  }

  /** Commits a lane past `seq` if `owner` still holds its lease; false when the lane was lost. */
  commit(lane: LanePosition, seq: number, owner: string): boolean {
    return immediate(this.db, () => this.commitFenced(lane, seq, owner));
  }

  /** Moves a message to the dead-letter topic and commits past it in one transaction: never both lost, never twice. */
  deadLetter(lane: LanePosition, seq: number, owner: string, letter: NewMessage): boolean {
    return immediate(this.db, () => {
      if (!this.commitFenced(lane, seq, owner)) return false;
      this.insert(letter, new Date().toISOString());
      return true;
    });
  }

  /** A group that starts at the end gets its position now, so what is published after subscribe() is not missed. */
  startGroupAtEnd(groupId: string, topics: string[], partitions: number): void {
    immediate(this.db, () => {
      for (const topic of topics) for (let p = 0; p < partitions; p += 1) this.startAtEnd.run(groupId, topic, p);
    });
  }

  private commitFenced(lane: LanePosition, seq: number, owner: string): boolean {
    const { groupId, topic, partition } = lane;
    return this.fencedCommit.run(groupId, topic, partition, seq + 1, groupId, topic, partition, owner).changes > 0;
  }

  private insert(m: NewMessage, publishedAt: string): void {
    this.insertMessage.run(m.topic, m.partition, m.key, JSON.stringify(m.value), JSON.stringify(m.headers), publishedAt);
  }
}
