import type { Bus, BusMessage, BusSubscription, MessageHandler, SubscribeTuning } from '@grid/platform';

/** When the relay handed an event to the bus and when the bus had it acknowledged (Date.now() ms). */
export interface PublishTiming {
  start: number;
  acked: number;
}

/**
 * A pass-through Bus that counts what the relay hands it: publishes and messages per publish (so the bench
 * knows which raw mode the relay is to be compared with, whatever relay.ts does today), and optionally when
 * each event was published and acknowledged (to split the end-to-end lag).
 */
export class MeteredBus implements Bus {
  publishes = 0;
  messages = 0;
  largestPublish = 0;
  timings: Map<string, PublishTiming> | null = null;

  constructor(private readonly inner: Bus) {}

  reset(recordTimings: boolean): void {
    this.publishes = 0;
    this.messages = 0;
    this.largestPublish = 0;
    this.timings = recordTimings ? new Map() : null;
  }

  get messagesPerPublish(): number {
    return this.publishes === 0 ? 0 : this.messages / this.publishes;
  }

  async publish(messages: BusMessage[]): Promise<void> {
    const start = Date.now();
    await this.inner.publish(messages);
    const acked = Date.now();
    this.publishes += 1;
    this.messages += messages.length;
    this.largestPublish = Math.max(this.largestPublish, messages.length);
    if (this.timings) for (const m of messages) this.timings.set(m.value.eventId, { start, acked });
  }

  subscribe(groupId: string, topics: string[], handler: MessageHandler, tuning?: SubscribeTuning): Promise<BusSubscription> {
    return this.inner.subscribe(groupId, topics, handler, tuning);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
