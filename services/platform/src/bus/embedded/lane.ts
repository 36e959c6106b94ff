import { deadLetterTopic } from '@grid/contracts';
import type { DeadLetterHeaders, MessageHandler } from '../bus';
import { laneKey, type LaneId } from './lane-leases';
import type { LanePosition, MessageLog, NewMessage, StoredMessage } from './message-log';
import { partitionFor } from './partitioning';
import { Doorbell, sleep, type BusSignals } from './wakeups';
import { tracedHandler } from '../../telemetry/messaging-telemetry'; // telemetry hooks
import { watchEmbeddedLane } from '../../telemetry/metrics'; // telemetry hooks

export interface LaneContext {
  groupId: string;
  memberId: string;
  handler: MessageHandler;
  maxRetries: number;
  backoffMs: number;
  partitions: number;
  log: MessageLog;
  signals: BusSignals;
  onError: (error: unknown, context: string) => void;
  /** A commit was refused: another member holds the lane now. */
  onLost: (lane: LaneId) => void;
}

type Outcome = { kind: 'handled' } | { kind: 'failed'; error: unknown; attempts: number } | { kind: 'stopped' };

const BATCH = 100;
/** Pause after a storage error (disk full, lock held past the busy timeout) before trying the lane again. */
const ERROR_PAUSE_MS = 1000;
const MAX_ERROR_TEXT = 1000;

/**
 * One (group, topic, partition) worked in order, one message at a time, by the member holding its lease.
 * A failing message is retried here with doubling backoff, holding up only this lane (so only keys that
 * share its partition wait); after the last retry it is dead-lettered and the lane moves on. The position
 * is committed after the handler succeeded, so a stop or crash re-delivers at most the message in hand.
 */
export class Lane {
  private readonly stopping = new AbortController();
  private readonly bell = new Doorbell();
  private readonly unlisten: () => void;
  private readonly unwatchLag: () => void; // telemetry
  private readonly done: Promise<void>;

  constructor(
    private readonly ctx: LaneContext,
    readonly id: LaneId,
  ) {
    this.unlisten = ctx.signals.onPublished((topic) => {
      if (topic === null || topic === id.topic) this.bell.ring();
    });
    this.unwatchLag = watchEmbeddedLane(ctx.log, this.position); // telemetry: grid.bus.consumer.lag while this member works the lane
    this.done = this.run();
  }

  /** Stops taking messages; resolves once the handler in hand (if any) has finished and been committed. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.bell.ring();
    await this.done;
  }

  private get position(): LanePosition {
    return { groupId: this.ctx.groupId, topic: this.id.topic, partition: this.id.partition };
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopping.signal.aborted) {
        try {
          await this.drain();
        } catch (error) {
          this.ctx.onError(error, `lane ${laneKey(this.id)} of group ${this.ctx.groupId}`);
          await sleep(ERROR_PAUSE_MS, this.stopping.signal);
        }
      }
    } finally {
      this.unlisten();
      this.unwatchLag(); // telemetry
    }
  }

  /** Works the lane from its committed position until stopped or lost. */
  private async drain(): Promise<void> {
    const { log, memberId, signals } = this.ctx;
    const signal = this.stopping.signal;
    let next = log.committed(this.position);
    while (!signal.aborted) {
      const batch = log.read(this.id.topic, this.id.partition, next, BATCH);
      if (batch.length === 0) {
        await this.bell.wait();
        continue;
      }
      for (const message of batch) {
        const outcome = await this.deliver(message);
        if (outcome.kind === 'stopped') return;
        const kept =
          outcome.kind === 'handled'
            ? log.commit(this.position, message.seq, memberId)
            : log.deadLetter(this.position, message.seq, memberId, this.letter(message, outcome.error, outcome.attempts));
        if (!kept) {
          this.stopping.abort();
          this.ctx.onLost(this.id);
          return;
        }
        next = message.seq + 1;
        if (outcome.kind === 'failed') signals.published(deadLetterTopic(this.id.topic));
        signals.progressed();
        if (signal.aborted) return;
      }
    }
  }

  private async deliver(message: StoredMessage): Promise<Outcome> {
    const { maxRetries, backoffMs } = this.ctx;
    // telemetry: each attempt runs in a span `process <topic>` whose parent is the message's traceparent header
    const handler = tracedHandler('embedded', this.ctx.groupId, this.ctx.handler);
    for (let attempt = 1; ; attempt += 1) {
      try {
        await handler({
          topic: this.id.topic,
          key: message.key,
          // A copy per attempt: a handler that mutated the message before failing must not see its own edits on retry.
          value: structuredClone(message.value),
          headers: { ...message.headers },
          partition: this.id.partition,
          offset: String(message.seq),
          attempt,
        });
        return { kind: 'handled' };
      } catch (error) {
        if (attempt > maxRetries) return { kind: 'failed', error, attempts: attempt };
        // Stopped while backing off: leave the message uncommitted; whoever works the lane next starts it afresh.
        if (!(await sleep(backoffMs * 2 ** (attempt - 1), this.stopping.signal))) return { kind: 'stopped' };
      }
    }
  }

  private letter(message: StoredMessage, error: unknown, attempts: number): NewMessage {
    const dlq: DeadLetterHeaders = {
      'dlq-original-topic': this.id.topic,
      'dlq-error': errorText(error),
      'dlq-attempts': String(attempts),
      'dlq-group': this.ctx.groupId,
    };
    return {
      topic: deadLetterTopic(this.id.topic),
      partition: partitionFor(message.key, this.ctx.partitions),
      key: message.key,
      value: message.value,
      headers: { ...message.headers, ...dlq },
    };
  }
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}
