import { randomUUID } from 'node:crypto';
import type { BusSubscription, MessageHandler } from '../bus';
import { Lane } from './lane';
import { assignedLanes, laneKey, type LaneId, type LaneLeases } from './lane-leases';
import type { MessageLog } from './message-log';
import type { BusSignals } from './wakeups';

export interface ConsumerSettings {
  groupId: string;
  topics: string[];
  handler: MessageHandler;
  maxRetries: number;
  backoffMs: number;
  fromBeginning: boolean;
  partitions: number;
  leaseMs: number;
  pollMs: number;
  log: MessageLog;
  leases: LaneLeases;
  signals: BusSignals;
  onError: (error: unknown, context: string) => void;
}

/**
 * One member of a consumer group. Lane ownership: every member computes the same assignment from the
 * live members in `bus_members` and works only lanes whose lease it holds in `bus_leases`. A member that
 * should give a lane up finishes the message in hand, commits and releases it; the member it goes to takes
 * the lease only once free (or expired), so in the normal case no message is handled twice. Members of this
 * bus instance are told of joins and leaves at once; other processes on the same file see them at the next
 * heartbeat (leaseMs / 3), and a crashed process's lanes are taken over once its lease expires (leaseMs).
 */
export class EmbeddedConsumer implements BusSubscription {
  private readonly memberId = randomUUID();
  private readonly lanes = new Map<string, Lane>();
  private readonly unlisten: () => void;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private rebalancing: Promise<void> | null = null;
  private rebalanceAgain = false;
  private closing: Promise<void> | null = null;

  private constructor(private readonly s: ConsumerSettings) {
    this.unlisten = s.signals.onGroupChanged((groupId) => {
      if (groupId === s.groupId) this.requestRebalance();
    });
  }

  static start(settings: ConsumerSettings): EmbeddedConsumer {
    if (!settings.fromBeginning) settings.log.startGroupAtEnd(settings.groupId, settings.topics, settings.partitions);
    const consumer = new EmbeddedConsumer(settings);
    consumer.beat();
    consumer.heartbeatTimer = setInterval(() => consumer.beat(), Math.max(1, Math.floor(settings.leaseMs / 3)));
    settings.signals.groupChanged(settings.groupId);
    return consumer;
  }

  /** Group-wide: resolves when the group has committed past every message on its topics as of this call. */
  async caughtUp(timeoutMs?: number): Promise<void> {
    const { log, groupId, topics, partitions, signals, pollMs } = this.s;
    const targets: { lane: LaneId; head: number }[] = [];
    for (const topic of topics) {
      for (let partition = 0; partition < partitions; partition += 1) {
        const head = log.head(topic, partition);
        if (head > 0) targets.push({ lane: { topic, partition }, head });
      }
    }
    const reached = () => targets.every(({ lane, head }) => log.committed({ groupId, ...lane }) > head);
    if (reached()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        try {
          if (this.closing) finish(new Error(`group ${groupId}: subscription closed before it caught up`));
          else if (reached()) finish();
        } catch (error) {
          finish(error instanceof Error ? error : new Error(String(error)));
        }
      };
      // Commits by this bus instance signal progress; commits by other processes are seen by polling.
      const unlisten = signals.onProgress(check);
      const poll = setInterval(check, pollMs);
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => finish(new Error(`group ${groupId} did not catch up within ${timeoutMs} ms`)), timeoutMs);
      const finish = (error?: Error) => {
        unlisten();
        clearInterval(poll);
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
    });
  }

  /** Waits for the handlers in hand, then leaves the group so its lanes move on at once. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.heartbeatTimer);
      this.unlisten();
      await this.rebalancing;
      await Promise.all([...this.lanes.values()].map((lane) => lane.stop()));
      this.lanes.clear();
      try {
        this.s.leases.leave(this.s.groupId, this.memberId);
      } catch (error) {
        // The leases then simply expire; the other members take the lanes over a little later.
        this.s.onError(error, `leaving group ${this.s.groupId}`);
      }
      this.s.signals.groupChanged(this.s.groupId);
    })();
    return this.closing;
  }

  private beat(): void {
    const now = Date.now();
    try {
      this.s.leases.heartbeat(this.s.groupId, { memberId: this.memberId, topics: this.s.topics }, now + this.s.leaseMs, now);
    } catch (error) {
      this.s.onError(error, `heartbeat of group ${this.s.groupId}`);
    }
    this.requestRebalance();
  }

  /** Rebalances one at a time; a request arriving meanwhile runs once more afterwards. */
  private requestRebalance(): void {
    if (this.closing) return;
    this.rebalanceAgain = true;
    if (this.rebalancing) return;
    this.rebalancing = (async () => {
      while (this.rebalanceAgain && !this.closing) {
        this.rebalanceAgain = false;
        try {
          await this.rebalance();
        } catch (error) {
          this.s.onError(error, `rebalancing group ${this.s.groupId}`);
        }
      }
      this.rebalancing = null;
    })();
  }

  private async rebalance(): Promise<void> {
    const { groupId, leases, leaseMs, partitions } = this.s;
    const wanted = new Map(
      assignedLanes(leases.liveMembers(groupId, Date.now()), this.memberId, partitions).map((lane) => [laneKey(lane), lane]),
    );

    const giveUp = [...this.lanes].filter(([key, lane]) => !wanted.has(key) || !leases.holds(groupId, lane.id, this.memberId));
    await Promise.all(giveUp.map(([, lane]) => lane.stop()));
    for (const [key, lane] of giveUp) {
      this.lanes.delete(key);
      leases.releaseLane(groupId, lane.id, this.memberId);
    }
    if (giveUp.length > 0) this.s.signals.groupChanged(groupId);

    for (const [key, lane] of wanted) {
      if (this.closing || this.lanes.has(key)) continue;
      const now = Date.now();
      if (leases.tryAcquire(groupId, lane, this.memberId, now + leaseMs, now)) this.lanes.set(key, this.startLane(lane));
    }
  }

  private startLane(lane: LaneId): Lane {
    const { groupId, handler, maxRetries, backoffMs, partitions, log, signals, onError } = this.s;
    return new Lane(
      {
        groupId,
        memberId: this.memberId,
        handler,
        maxRetries,
        backoffMs,
        partitions,
        log,
        signals,
        onError,
        onLost: () => this.requestRebalance(),
      },
      lane,
    );
  }
}
