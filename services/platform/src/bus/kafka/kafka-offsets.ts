import type { Admin } from 'kafkajs';

/** How far a group is behind on one partition: messages published but not yet committed past. */
export interface PartitionLag {
  groupId: string;
  topic: string;
  partition: number;
  /** The offset the group reads next (its committed offset); null when it never committed there. */
  committed: string | null;
  /** The partition's high watermark: the offset the next published message gets. */
  high: string;
  lag: number;
}

interface TopicEnds {
  topic: string;
  partitions: { partition: number; low: bigint; high: bigint }[];
}

/**
 * Offsets a group and its topics are at, read through the admin client: the group's committed offsets
 * (OffsetFetch) against the partitions' watermarks (ListOffsets). Kafka offsets are int64, kept as bigint.
 */
export class GroupOffsets {
  constructor(
    private readonly admin: Admin,
    private readonly groupId: string,
    private readonly topics: string[],
  ) {}

  async ends(): Promise<TopicEnds[]> {
    return Promise.all(
      this.topics.map(async (topic) => ({
        topic,
        partitions: (await transient(() => this.admin.fetchTopicOffsets(topic))).map((p) => ({
          partition: p.partition,
          low: BigInt(p.low),
          high: BigInt(p.high),
        })),
      })),
    );
  }

  /** topic → partition → committed offset; absent when the group never committed there. */
  async committed(): Promise<Map<string, Map<number, bigint>>> {
    const byTopic = new Map<string, Map<number, bigint>>();
    for (const { topic, partitions } of await transient(() => this.admin.fetchOffsets({ groupId: this.groupId, topics: this.topics }))) {
      const offsets = new Map<number, bigint>();
      // -1 is Kafka's "no committed offset" for the partition.
      for (const p of partitions) if (BigInt(p.offset) >= 0n) offsets.set(p.partition, BigInt(p.offset));
      byTopic.set(topic, offsets);
    }
    return byTopic;
  }

  /**
   * Group-wide (like the embedded bus): resolves once the group has committed past every message that was
   * on its topics when this was called. An uncommitted partition counts from its low watermark (where a
   * fromBeginning group starts), so a partition emptied by retention, or never written, needs nothing.
   */
  async caughtUp(stillOpen: () => boolean, timeoutMs?: number, pollMs = 50): Promise<void> {
    const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
    const timedOut = (partitions: number | string) =>
      new Error(
        `group ${this.groupId} did not catch up within ${timeoutMs} ms (${partitions} partition(s) behind on ${this.topics.join(', ')})`,
      );
    const targets = await within(this.ends(), deadline, () => timedOut('unknown'));
    let behind = targets.flatMap(({ topic, partitions }) => partitions.filter((p) => p.high > p.low).map((p) => ({ topic, ...p })));
    while (behind.length > 0) {
      if (!stillOpen()) throw new Error(`group ${this.groupId}: subscription closed before it caught up`);
      const committed = await within(this.committed(), deadline, () => timedOut(behind.length));
      behind = behind.filter((p) => (committed.get(p.topic)?.get(p.partition) ?? p.low) < p.high);
      if (behind.length === 0) return;
      if (Date.now() + pollMs > deadline) throw timedOut(behind.length);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  async lag(): Promise<PartitionLag[]> {
    const [ends, committed] = await Promise.all([this.ends(), this.committed()]);
    return ends.flatMap(({ topic, partitions }) =>
      partitions
        .map(({ partition, low, high }) => {
          const at = committed.get(topic)?.get(partition);
          const lag = high - (at ?? low);
          return {
            groupId: this.groupId,
            topic,
            partition,
            committed: at === undefined ? null : String(at),
            high: String(high),
            lag: Number(lag > 0n ? lag : 0n),
          };
        })
        .sort((a, b) => a.partition - b.partition),
    );
  }

  /** Partitions of the group's topics it has never committed on, with their current high watermark. */
  async uncommittedEnds(): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]> {
    const [ends, committed] = await Promise.all([this.ends(), this.committed()]);
    return ends
      .map(({ topic, partitions }) => ({
        topic,
        partitions: partitions
          .filter((p) => !committed.get(topic)?.has(p.partition))
          .map((p) => ({ partition: p.partition, offset: String(p.high) })),
      }))
      .filter((t) => t.partitions.length > 0);
  }
}

/**
 * Retries an admin call on errors Kafka marks retriable. kafkajs's fetchTopicOffsets gives up on all but
 * UNKNOWN_TOPIC_OR_PARTITION, yet right after a topic is created a broker may still answer ListOffsets
 * with "not the leader for that topic-partition" for a moment (seen on a freshly started broker).
 */
async function transient<T>(call: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || (error as { retriable?: unknown }).retriable !== true) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
    }
  }
}

/** Races an admin call against the caller's deadline, so a short caughtUp timeout holds even on a slow broker. */
async function within<T>(work: Promise<T>, deadline: number, onTimeout: () => Error): Promise<T> {
  if (deadline === Infinity) return work;
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, expiry]);
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined); // a late failure of the abandoned call is not an unhandled rejection
  }
}
