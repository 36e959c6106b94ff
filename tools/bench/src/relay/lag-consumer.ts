/**
 * The downstream end of the lag measurement, run in a worker thread (its own event loop, as a subscriber
 * service would have its own process, so it neither slows the relay nor waits for it): a plain kafkajs
 * consumer in a fresh group, pinned at the topic's end, noting for each record its `ce_id` and `ce_time`
 * (= the event's recordedAt) and when the batch reached it. Samples go to the parent every 100 ms.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { kafkaClient, pinGroupAtEnd, silenceKafkajsTimerWarning } from './kafka';

export interface LagConsumerConfig {
  brokers: string[];
  topic: string;
  groupId: string;
  partitions: number;
}

/** Parallel arrays, one entry per record received. */
export interface LagSamples {
  type: 'samples';
  ids: string[];
  recordedAt: number[];
  consumedAt: number[];
}

export type LagConsumerMessage = { type: 'ready' } | LagSamples | { type: 'error'; error: string } | { type: 'stopped' };

async function run(config: LagConsumerConfig): Promise<void> {
  const port = parentPort!;
  const kafka = kafkaClient(config.brokers, 'bench-relay-lag-consumer');
  const admin = kafka.admin();
  await admin.connect();
  await pinGroupAtEnd(admin, config.groupId, config.topic);
  await admin.disconnect();

  const consumer = kafka.consumer({
    groupId: config.groupId,
    maxWaitTimeInMs: 100,
    allowAutoTopicCreation: false,
    heartbeatInterval: 1000,
  });
  let pending: LagSamples = { type: 'samples', ids: [], recordedAt: [], consumedAt: [] };
  const flush = () => {
    if (pending.ids.length === 0) return;
    port.postMessage(pending);
    pending = { type: 'samples', ids: [], recordedAt: [], consumedAt: [] };
  };
  const flusher = setInterval(flush, 100);
  consumer.on(consumer.events.GROUP_JOIN, () => port.postMessage({ type: 'ready' } satisfies LagConsumerMessage));
  consumer.on(consumer.events.CRASH, ({ payload }) =>
    port.postMessage({ type: 'error', error: `consumer crashed: ${String(payload.error)}` } satisfies LagConsumerMessage),
  );

  await consumer.connect();
  await consumer.subscribe({ topics: [config.topic], fromBeginning: false });
  await consumer.run({
    partitionsConsumedConcurrently: config.partitions,
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const message of batch.messages) {
        const id = message.headers?.ce_id;
        const time = message.headers?.ce_time;
        if (id === undefined || time === undefined) continue;
        pending.ids.push(String(id));
        pending.recordedAt.push(Date.parse(String(time)));
        pending.consumedAt.push(now);
      }
    },
  });

  port.on('message', (message: { type: 'stop' }) => {
    if (message.type !== 'stop') return;
    void (async () => {
      clearInterval(flusher);
      flush();
      await consumer.disconnect();
      port.postMessage({ type: 'stopped' } satisfies LagConsumerMessage);
      port.close();
    })();
  });
}

if (!isMainThread) {
  silenceKafkajsTimerWarning();
  run(workerData as LagConsumerConfig).catch((error: unknown) => {
    parentPort!.postMessage({ type: 'error', error: String(error) } satisfies LagConsumerMessage);
  });
}
