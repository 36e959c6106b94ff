import { randomUUID } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { MetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { topicForStream } from '@grid/contracts';
import type { DeliveredMessage } from '../../src/bus/bus';
import { KafkaBus } from '../../src/bus/kafka/kafka-bus';
import { loadConfig } from '../../src/config/config';
import { CommandHandler } from '../../src/decider/command-handler';
import { startRelay } from '../../src/relay/relay';
import { MemoryEventStore } from '../../src/store/memory/memory-event-store';
import { ATTR, METRICS, startTelemetry, withSpan, type Telemetry } from '../../src/telemetry';

// The Kafka half of trace propagation, against a real broker (`npm run test:infra` exports KAFKA_BROKERS).
const brokers = process.env.KAFKA_BROKERS;

class TestMetricReader extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

const decider = {
  initialState: null,
  decide: (command: { type: 'register'; regionId: string }) => [
    { type: 'grid-records.household.registered', data: { regionId: command.regionId } },
  ],
  evolve: (s: null) => s,
};

(brokers ? describe : describe.skip)('trace propagation over Kafka', () => {
  const exporter = new InMemorySpanExporter();
  const reader = new TestMetricReader();
  let telemetry: Telemetry;
  beforeAll(() => {
    telemetry = startTelemetry({ serviceName: 'kafka-trace', config: loadConfig({}), spanExporter: exporter, metricReader: reader });
  });
  afterAll(() => telemetry?.shutdown());

  it('relay publish → Kafka → process: one trace, the traceparent header, the message key and the lag gauge', async () => {
    const store = new MemoryEventStore();
    const bus = await KafkaBus.connect({
      brokers: brokers!,
      clientId: `telemetry-${randomUUID().slice(0, 8)}`,
      partitions: 3,
      logLevel: 'error',
    });
    const streamId = `household-${randomUUID().slice(0, 8)}`;
    const topic = topicForStream(streamId);
    const group = `telemetry-${randomUUID().slice(0, 8)}`;
    const delivered: DeliveredMessage[] = [];
    try {
      const subscription = await bus.subscribe(group, [topic], async (m) => void delivered.push(m), { fromBeginning: false });
      const relay = await startRelay({ store, bus, checkpoint: `relay-${group}` });
      const handler = new CommandHandler({ store: store, decider: decider });
      const traceId = await withSpan('test', {}, async (root) => {
        await handler.handle(streamId, { type: 'register', regionId: 'g1' }, { actor: { id: 'w', role: 'grid-worker' } });
        return root.spanContext().traceId;
      });
      await relay.caughtUp();
      const deadline = Date.now() + 20_000;
      while (!delivered.some((m) => m.key === streamId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await subscription.caughtUp(20_000);
      await telemetry.flush();

      const inTrace = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
      const command = inTrace.find((s) => s.name === 'command register')!;
      const publish = inTrace.find((s) => s.name === `publish ${topic}`)!;
      const processed = inTrace.find((s) => s.name === `process ${topic}`)!;
      expect(publish.parentSpanContext?.spanId).toBe(command.spanContext().spanId);
      expect(processed.parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
      expect([publish.kind, processed.kind]).toEqual([SpanKind.PRODUCER, SpanKind.CONSUMER]);
      expect(publish.attributes).toMatchObject({
        [ATTR.messagingSystem]: 'kafka',
        [ATTR.destinationName]: topic,
        [ATTR.kafkaKey]: streamId,
      });
      expect(processed.attributes).toMatchObject({
        [ATTR.messagingSystem]: 'kafka',
        [ATTR.consumerGroup]: group,
        [ATTR.kafkaKey]: streamId,
      });
      expect(delivered.find((m) => m.key === streamId)!.headers.traceparent).toBe(`00-${traceId}-${publish.spanContext().spanId}-01`);

      const { resourceMetrics } = await reader.collect();
      const lag = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === METRICS.consumerLag)!;
      const ours = lag.dataPoints.filter((d) => d.attributes[ATTR.consumerGroup] === group);
      // One point per partition; the shared household topic may have been created by another suite with
      // another partition count, so the count is not fixed here.
      expect(ours.length).toBeGreaterThan(0);
      expect(ours.every((d) => d.value === 0 && d.attributes[ATTR.messagingSystem] === 'kafka')).toBe(true);
      await relay.close();
      await subscription.close();
    } finally {
      await bus.close();
      await store.close();
    }
  });
});
