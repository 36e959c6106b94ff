import { createHash, randomUUID } from 'node:crypto';
import { deadLetterTopic, type Envelope } from '@grid/contracts';
import type { Bus, BusMessage, BusSubscription, DeliveredMessage, MessageHandler, SubscribeTuning } from './bus';

export interface BusUnderTest {
  bus: Bus;
  /** Closing the bus first is the suite's job; reopen gives a new client on the same durable state. */
  reopen?: () => Promise<Bus>;
  cleanup: () => Promise<void>;
}

export interface BusContractOptions {
  /** How long to wait for a group to catch up (default 5 s); a real broker may need more. */
  timeoutMs?: number;
}

/**
 * The behaviour every Bus adapter shares (docs/architecture.md rule 4), written against the port only so the Kafka
 * adapter runs it unchanged. Every test uses its own topics and groups, so a shared broker needs no reset.
 * A broker's topics need at least two partitions for the work-sharing test to mean anything.
 */
export function busContract(name: string, factory: () => Promise<BusUnderTest>, options: BusContractOptions = {}): void {
  const wait = options.timeoutMs ?? 5000;

  describe(`${name} bus (contract)`, () => {
    let sut: BusUnderTest;
    let bus: Bus;
    const opened: BusSubscription[] = [];
    const subscribe = async (on: Bus, groupId: string, topics: string[], handler: MessageHandler, tuning?: SubscribeTuning) => {
      const subscription = await on.subscribe(groupId, topics, handler, tuning);
      opened.push(subscription);
      return subscription;
    };

    beforeEach(async () => {
      sut = await factory();
      bus = sut.bus;
    });
    afterEach(async () => {
      // Some were closed by the test already; closing again must not mask the test's own outcome.
      for (const subscription of opened.splice(0)) await subscription.close().catch(() => undefined);
      await sut.cleanup();
    });

    test('a published message reaches a subscriber with its topic, key, value and headers intact', async () => {
      const topic = newTopic();
      const seen = recorder();
      const subscription = await subscribe(bus, newGroup(), [topic], seen.handler);
      const sent = message(
        topic,
        newKey(),
        0,
        { note: 'hello 你好' },
        { ce_id: 'id-1', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      );

      await bus.publish([sent]);
      await subscription.caughtUp(wait);

      expect(seen.messages).toHaveLength(1);
      const got = seen.messages[0]!;
      expect(got).toMatchObject({ topic, key: sent.key, attempt: 1 });
      expect(got.value).toEqual(sent.value);
      expect(got.headers).toEqual(expect.objectContaining(sent.headers));
      expect(Number.isInteger(got.partition)).toBe(true);
      expect(typeof got.offset).toBe('string');
    });

    test('each key keeps its order across many interleaved messages on several keys', async () => {
      const topic = newTopic();
      const seen = recorder();
      const subscription = await subscribe(bus, newGroup(), [topic], seen.handler);
      const keys = Array.from({ length: 5 }, newKey);
      const messages = range(20).flatMap((revision) => keys.map((key) => message(topic, key, revision)));

      // Batches of 1 to 7 messages: single publishes and batches interleave the keys alike.
      for (let i = 0, size = 1; i < messages.length; i += size, size = (size % 7) + 1) await bus.publish(messages.slice(i, i + size));
      await subscription.caughtUp(wait);

      for (const key of keys) expect(revisionsOf(seen.messages, key)).toEqual(range(20));
    });

    test('two groups each get every message', async () => {
      const topic = newTopic();
      const first = recorder();
      const second = recorder();
      const subscriptions = [
        await subscribe(bus, newGroup(), [topic], first.handler),
        await subscribe(bus, newGroup(), [topic], second.handler),
      ];
      const sent = range(10).map((i) => message(topic, newKey(), i));

      await bus.publish(sent);
      for (const subscription of subscriptions) await subscription.caughtUp(wait);

      expect(sortedIds(first.messages)).toEqual(sortedIds(sent));
      expect(sortedIds(second.messages)).toEqual(sortedIds(sent));
    });

    test('two consumers of one group share the work and together handle every message once', async () => {
      const topic = newTopic();
      const group = newGroup();
      const a = recorder();
      const b = recorder();
      const subscriptionA = await subscribe(bus, group, [topic], a.handler);
      const subscriptionB = await subscribe(bus, group, [topic], b.handler);

      // Warm up until both have work: only then has the group settled (a broker may rebalance meanwhile,
      // and at least once allows duplicates across a rebalance, so warm-up messages are only checked for loss).
      const warmUp: BusMessage[] = [];
      const deadline = Date.now() + wait;
      while (a.messages.length === 0 || b.messages.length === 0) {
        if (Date.now() > deadline) throw new Error('the two consumers never both got work');
        const round = range(8).map(() => message(topic, newKey(), 0));
        warmUp.push(...round);
        await bus.publish(round);
        await subscriptionA.caughtUp(wait);
      }
      const settled = { a: a.messages.length, b: b.messages.length };
      const keys = range(20).map(newKey);
      const work = range(40).map((i) => message(topic, keys[i % 20]!, Math.floor(i / 20)));

      await bus.publish(work);
      await subscriptionA.caughtUp(wait);
      await subscriptionB.caughtUp(wait);

      const workIds = new Set(work.map(idOf));
      const laterA = a.messages.slice(settled.a).filter((m) => workIds.has(idOf(m)));
      const laterB = b.messages.slice(settled.b).filter((m) => workIds.has(idOf(m)));
      expect(sortedIds([...laterA, ...laterB])).toEqual(sortedIds(work));
      expect(laterA.length).toBeGreaterThan(0);
      expect(laterB.length).toBeGreaterThan(0);
      const everSeen = new Set([...a.messages, ...b.messages].map(idOf));
      expect(warmUp.filter((m) => !everSeen.has(idOf(m)))).toEqual([]);
    });

    test('a new consumer of a group resumes after what the closed one handled, losing nothing', async () => {
      const topic = newTopic();
      const group = newGroup();
      const keys = range(3).map(newKey);
      const before = range(6).map((i) => message(topic, keys[i % 3]!, Math.floor(i / 3)));
      const after = range(6).map((i) => message(topic, keys[i % 3]!, 2 + Math.floor(i / 3)));
      const first = recorder();
      const firstSubscription = await subscribe(bus, group, [topic], first.handler);
      await bus.publish(before);
      await firstSubscription.caughtUp(wait);
      await firstSubscription.close();

      await bus.publish(after);
      const second = recorder();
      await (await subscribe(bus, group, [topic], second.handler)).caughtUp(wait);

      expect(sortedIds(first.messages)).toEqual(sortedIds(before));
      const handledBefore = new Set(before.map(idOf));
      expect(second.messages.filter((m) => handledBefore.has(idOf(m)))).toEqual([]);
      expect(sortedIds(second.messages)).toEqual(sortedIds(after));
      for (const key of keys) expect(revisionsOf(second.messages, key)).toEqual([2, 3]);
    });

    test('a handler that fails twice is retried after a growing backoff with attempts 1, 2 and 3', async () => {
      const topic = newTopic();
      const backoffMs = 25;
      const attempts: { attempt: number; at: number }[] = [];
      const subscription = await subscribe(
        bus,
        newGroup(),
        [topic],
        async (m) => {
          attempts.push({ attempt: m.attempt, at: performance.now() });
          if (m.attempt < 3) throw new Error(`not yet (${m.attempt})`);
        },
        { maxRetries: 3, backoffMs },
      );

      await bus.publish([message(topic, newKey(), 0)]);
      await subscription.caughtUp(wait);

      expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
      // 0.8: timers may fire a little early and an adapter may add jitter; the doubling is what matters.
      expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(backoffMs * 0.8);
      expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(2 * backoffMs * 0.8);
    });

    test('a poison message lands on <topic>.dlq after its retries and the messages after it flow on', async () => {
      const topic = newTopic();
      const group = newGroup();
      const [poisonKey, otherKey, laterKey] = [newKey(), newKey(), newKey()];
      const handled: { id: string; attempt: number }[] = [];
      const subscription = await subscribe(
        bus,
        group,
        [topic],
        async (m) => {
          handled.push({ id: idOf(m), attempt: m.attempt });
          if (m.value.data['poison']) throw new Error('cannot digest this');
        },
        { maxRetries: 2, backoffMs: 5 },
      );
      const dead = recorder();
      const dlqSubscription = await subscribe(bus, newGroup(), [deadLetterTopic(topic)], dead.handler);
      const poison = message(topic, poisonKey, 0, { poison: true });
      const first = [poison, message(topic, poisonKey, 1), message(topic, otherKey, 0)];

      await bus.publish(first);
      await subscription.caughtUp(wait);
      const later = [message(topic, poisonKey, 2), message(topic, laterKey, 0)];
      await bus.publish(later);
      await subscription.caughtUp(wait);
      await dlqSubscription.caughtUp(wait);

      expect(handled.filter((h) => h.id === idOf(poison)).map((h) => h.attempt)).toEqual([1, 2, 3]);
      const lastPoisonAttempt = handled.map((h) => h.id).lastIndexOf(idOf(poison));
      expect(handled.findIndex((h) => h.id === idOf(first[1]!))).toBeGreaterThan(lastPoisonAttempt);
      const flowedOn = new Set(handled.map((h) => h.id));
      expect([first[1]!, first[2]!, ...later].filter((m) => !flowedOn.has(idOf(m)))).toEqual([]);

      expect(dead.messages).toHaveLength(1);
      const letter = dead.messages[0]!;
      expect(letter).toMatchObject({ topic: deadLetterTopic(topic), key: poisonKey });
      expect(letter.value).toEqual(poison.value);
      expect(letter.headers).toMatchObject({ 'dlq-original-topic': topic, 'dlq-attempts': '3', 'dlq-group': group });
      expect(letter.headers?.['dlq-error']).toContain('cannot digest this');
    });

    test('messages published before any subscription reach a new group from the beginning', async () => {
      const topic = newTopic();
      const keys = range(3).map(newKey);
      const sent = range(9).map((i) => message(topic, keys[i % 3]!, Math.floor(i / 3)));
      await bus.publish(sent);

      const seen = recorder();
      await (await subscribe(bus, newGroup(), [topic], seen.handler)).caughtUp(wait);

      expect(sortedIds(seen.messages)).toEqual(sortedIds(sent));
      for (const key of keys) expect(revisionsOf(seen.messages, key)).toEqual([0, 1, 2]);
    });

    test('a new group told not to start from the beginning gets only what is published after it subscribed', async () => {
      const topic = newTopic();
      await bus.publish([message(topic, newKey(), 0)]);

      const seen = recorder();
      const subscription = await subscribe(bus, newGroup(), [topic], seen.handler, { fromBeginning: false });
      const fresh = message(topic, newKey(), 0);
      await bus.publish([fresh]);
      await subscription.caughtUp(wait);

      expect(sortedIds(seen.messages)).toEqual([idOf(fresh)]);
    });

    test('caughtUp resolves once everything published before it was handled', async () => {
      const topic = newTopic();
      let handled = 0;
      const subscription = await subscribe(bus, newGroup(), [topic], async () => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        handled += 1;
      });
      await subscription.caughtUp(wait);

      await bus.publish(range(20).map((i) => message(topic, newKey(), i)));
      await subscription.caughtUp(wait);

      expect(handled).toBe(20);
    });

    test('caughtUp gives up after its timeout while a handler is stuck', async () => {
      const topic = newTopic();
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      const subscription = await subscribe(bus, newGroup(), [topic], () => gate);
      await bus.publish([message(topic, newKey(), 0)]);

      await expect(subscription.caughtUp(50)).rejects.toThrow();
      release();
      await subscription.caughtUp(wait);
    });

    test('a group resumes after its committed position when the bus is reopened', async () => {
      if (!sut.reopen) return; // an adapter without a restartable client has nothing to show here
      const topic = newTopic();
      const group = newGroup();
      const before = range(4).map((i) => message(topic, newKey(), i));
      const first = await subscribe(bus, group, [topic], recorder().handler);
      await bus.publish(before);
      await first.caughtUp(wait);
      await first.close();
      await bus.close();

      const reopened = await sut.reopen();
      const after = range(4).map((i) => message(topic, newKey(), i));
      await reopened.publish(after);
      const seen = recorder();
      await (await subscribe(reopened, group, [topic], seen.handler)).caughtUp(wait);

      expect(sortedIds(seen.messages)).toEqual(sortedIds(after));
    });
  });
}

// Kafka topic names allow [a-zA-Z0-9._-]; the streams use the platform's own `test` category.
const newTopic = () => `platform.test-${randomUUID()}.v1`;
const newGroup = () => `contract-${randomUUID()}`;
const newKey = () => `test-${randomUUID()}`;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const idOf = (m: BusMessage) => m.value.eventId;
const sortedIds = (messages: BusMessage[]) => messages.map(idOf).sort();
const revisionsOf = (messages: BusMessage[], key: string) => messages.filter((m) => m.key === key).map((m) => m.value.streamRevision);

function recorder(): { messages: DeliveredMessage[]; handler: MessageHandler } {
  const messages: DeliveredMessage[] = [];
  return { messages, handler: async (m) => void messages.push(m) };
}

/** A message with a well-formed test envelope, for suites beside the contract (e.g. a bus's own connection settings). */
export function message(
  topic: string,
  streamId: string,
  streamRevision: number,
  data: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): BusMessage {
  return { topic, key: streamId, value: testEnvelope(streamId, streamRevision, data), headers };
}

/** A well-formed envelope; its hash is a stand-in (sha256 of the id), as the bus never checks the chain. */
function testEnvelope(streamId: string, streamRevision: number, data: Record<string, unknown>): Envelope {
  const eventId = randomUUID();
  const now = new Date().toISOString();
  return {
    eventId,
    type: 'platform.test.happened',
    schemaVersion: 1,
    streamId,
    streamRevision,
    globalPosition: streamRevision + 1,
    occurredAt: now,
    recordedAt: now,
    actor: { id: 'bus-contract', role: 'system' },
    correlationId: eventId,
    causationId: null,
    traceparent: null,
    prevHash: null,
    hash: createHash('sha256').update(eventId).digest('hex'),
    data,
  };
}
