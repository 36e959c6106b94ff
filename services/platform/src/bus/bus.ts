import type { Envelope } from '@grid/contracts';

/** One message on a topic; the key (the streamId) decides the partition and so the order. */
export interface BusMessage {
  topic: string;
  key: string;
  value: Envelope;
  /** Transport headers (CloudEvents `ce_*`, `traceparent`); adapters add their own. */
  headers?: Record<string, string>;
}

export interface DeliveredMessage extends Omit<BusMessage, 'headers'> {
  /** Always present on delivery (possibly empty). */
  headers: Record<string, string>;
  partition: number;
  /** Position within the partition (Kafka offset; embedded: its own sequence). */
  offset: string;
  /** 1 on first delivery; > 1 on retries within this consumer. */
  attempt: number;
}

export type MessageHandler = (message: DeliveredMessage) => Promise<void>;

export interface SubscribeTuning {
  /** Retries of a failing handler before the message goes to `<topic>.dlq` (default 3). */
  maxRetries?: number;
  /** First retry delay; doubles each retry (default 100 ms). */
  backoffMs?: number;
  /** Where to start a group that has no committed position yet (default earliest). */
  fromBeginning?: boolean;
}

export interface BusSubscription {
  /** Resolves when everything published to the subscribed topics before this call was handled. */
  caughtUp(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The bus port: durable topics, consumer groups with committed positions, at least once in per-key
 * order; a message whose handler keeps failing is moved to the dead-letter topic and the rest flow on.
 */
export interface Bus {
  publish(messages: BusMessage[]): Promise<void>;
  subscribe(groupId: string, topics: string[], handler: MessageHandler, tuning?: SubscribeTuning): Promise<BusSubscription>;
  close(): Promise<void>;
}

/** What a dead-lettered message carries besides the original. */
export interface DeadLetterHeaders {
  'dlq-original-topic': string;
  'dlq-error': string;
  'dlq-attempts': string;
  'dlq-group': string;
}
