import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload, type MicroserviceOptions } from '@nestjs/microservices';
import { deadLetterTopic, type Envelope } from '@grid/contracts';
import type { DeliveredMessage } from '../../src/bus/bus';
import { KafkaBus } from '../../src/bus/kafka/kafka-bus';
import { BusContext, BusEventErrors, BusTransportStrategy } from '../../src/bus/kafka/nest-kafka-transport';

// A Nest microservice consuming the real Kafka bus through @EventPattern (`npm run test:infra`).
const brokers = process.env.KAFKA_BROKERS;
const WAIT = 20_000;
const TOPIC = `platform.test-${randomUUID()}.v1`;

const received: { data: Envelope; message: DeliveredMessage }[] = [];

@Controller()
class ProbeEvents {
  @EventPattern<string>(TOPIC)
  async onProbe(@Payload() data: Envelope, @Ctx() ctx: BusContext): Promise<void> {
    received.push({ data, message: ctx.getMessage() });
    if (data.data['fail']) throw new Error(`refused ${data.eventId}`);
  }
}

@Module({ controllers: [ProbeEvents] })
class ProbeModule {}

if (!brokers) {
  const banner = '\n!! The Nest Kafka transport test did NOT run: KAFKA_BROKERS is not set (npm run test:infra).\n';
  console.warn(banner);
  process.stderr.write(banner); // jest's summary reporter drops the console output of an all-skipped file
  test.skip('Nest Kafka transport test did NOT run: KAFKA_BROKERS is not set', () => undefined);
} else {
  test('a Nest @EventPattern handler gets published envelopes; a failing one is retried, then dead-lettered with its error', async () => {
    const bus = await KafkaBus.connect({ brokers, clientId: 'platform-test-nest' });
    const group = `nest-test-${randomUUID()}`;
    const strategy = new BusTransportStrategy({ bus, groupId: group, tuning: { maxRetries: 1, backoffMs: 10 } });
    const app = await NestFactory.createMicroservice<MicroserviceOptions>(ProbeModule, { strategy, logger: false });
    app.useGlobalFilters(new BusEventErrors());
    const dead: DeliveredMessage[] = [];
    try {
      await app.listen();
      const dlq = await bus.subscribe(`nest-test-dlq-${randomUUID()}`, [deadLetterTopic(TOPIC)], async (m) => void dead.push(m));
      const good = envelope({ note: 'hello' });
      const bad = envelope({ fail: true });

      await bus.publish([good, bad].map((value) => ({ topic: TOPIC, key: value.streamId, value })));
      await strategy.caughtUp(WAIT);
      await dlq.caughtUp(WAIT);

      const forGood = received.filter((r) => r.data.eventId === good.eventId);
      expect(forGood).toHaveLength(1);
      expect(forGood[0]!.data).toEqual(good);
      expect(forGood[0]!.message).toMatchObject({ topic: TOPIC, key: good.streamId, attempt: 1 });
      expect(forGood[0]!.message.headers).toMatchObject({ ce_id: good.eventId, ce_type: good.type });
      expect(received.filter((r) => r.data.eventId === bad.eventId).map((r) => r.message.attempt)).toEqual([1, 2]);
      expect(dead).toHaveLength(1);
      expect(dead[0]!.value).toEqual(bad);
      expect(dead[0]!.headers).toMatchObject({ 'dlq-original-topic': TOPIC, 'dlq-attempts': '2', 'dlq-group': group });
      expect(dead[0]!.headers?.['dlq-error']).toContain(`refused ${bad.eventId}`);
    } finally {
      await app.close();
      await bus.close();
    }
  });
}

function envelope(data: Record<string, unknown>): Envelope {
  const eventId = randomUUID();
  const now = new Date().toISOString();
  return {
    eventId,
    type: 'platform.test.happened',
    schemaVersion: 1,
    streamId: `test-${randomUUID()}`,
    streamRevision: 0,
    globalPosition: 1,
    occurredAt: now,
    recordedAt: now,
    actor: { id: 'nest-test', role: 'system' },
    correlationId: eventId,
    causationId: null,
    traceparent: null,
    prevHash: null,
    hash: createHash('sha256').update(eventId).digest('hex'),
    data,
  };
}
