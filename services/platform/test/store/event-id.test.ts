import { z } from 'zod';
import { EnvelopeSchema } from '@grid/contracts';
import { MemoryEventStore, uuidv7, uuidv7Generator, uuidv7Time } from '@grid/platform';

// RFC 9562 §5.7: 48-bit ms timestamp, version nibble 7, variant bits 10, lower-case hex in 8-4-4-4-12.
const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const asBigInt = (id: string) => BigInt(`0x${id.replace(/-/g, '')}`);

/** A generator on a clock the test moves by hand. */
function onClock(start: number) {
  const clock = { now: start };
  return { clock, next: uuidv7Generator(() => clock.now) };
}

describe('uuidv7', () => {
  test('ids are RFC 9562 version 7, variant 10, and pass z.uuid() and the envelope schema', () => {
    for (let i = 0; i < 1000; i += 1) {
      const id = uuidv7();
      expect(id).toMatch(V7);
      const bits = asBigInt(id);
      expect((bits >> 76n) & 0xfn).toBe(7n);
      expect((bits >> 62n) & 0x3n).toBe(0b10n);
      expect(z.uuid().safeParse(id).success).toBe(true);
      expect(z.uuidv7().safeParse(id).success).toBe(true);
    }
    expect(EnvelopeSchema.shape.eventId.safeParse(uuidv7()).success).toBe(true);
  });

  test('the first 48 bits are the unix time in milliseconds', () => {
    const before = Date.now();
    const id = uuidv7();
    const after = Date.now();
    expect(uuidv7Time(id)).toBeGreaterThanOrEqual(before);
    expect(uuidv7Time(id)).toBeLessThanOrEqual(after);
    expect(uuidv7Time(onClock(Date.UTC(2030, 0, 1)).next())).toBe(Date.UTC(2030, 0, 1));
    expect(uuidv7Time(onClock(2 ** 48 - 1).next())).toBe(2 ** 48 - 1);
  });

  test('ids made within one millisecond strictly increase, as strings and as numbers, and are distinct', () => {
    const ms = Date.UTC(2031, 5, 1);
    const { next } = onClock(ms);
    const ids = Array.from({ length: 10_000 }, next);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i += 1) {
      expect(ids[i]! > ids[i - 1]!).toBe(true);
      expect(asBigInt(ids[i]!) > asBigInt(ids[i - 1]!)).toBe(true);
    }
    expect(ids.every((id) => uuidv7Time(id) === ms && V7.test(id))).toBe(true);
  });

  test('the next millisecond sorts after every id of the last one', () => {
    const { clock, next } = onClock(Date.UTC(2031, 5, 1));
    const first = Array.from({ length: 100 }, next);
    clock.now += 1;
    expect(next() > first[first.length - 1]!).toBe(true);
  });

  test('a clock that steps back does not make ids go backwards', () => {
    const { clock, next } = onClock(Date.UTC(2032, 0, 1, 0, 0, 1));
    const late = next();
    clock.now -= 1000;
    const early = next();
    expect(early > late).toBe(true);
    expect(uuidv7Time(early)).toBe(Date.UTC(2032, 0, 1, 0, 0, 1));
  });

  test('ids made across many real milliseconds keep increasing', () => {
    let previous = uuidv7();
    const until = Date.now() + 20;
    while (Date.now() < until) {
      const next = uuidv7();
      expect(next > previous).toBe(true);
      previous = next;
    }
  });

  test('the store fills in v7 ids when the writer gives none, in append order', async () => {
    const store = new MemoryEventStore();
    const actor = { id: 'event-id-test', role: 'system' } as const;
    const { events } = await store.append(
      'test-v7',
      Array.from({ length: 50 }, (_, n) => ({ type: 'platform.probe.recorded', data: { n }, actor })),
      { expectedRevision: 'no-stream' },
    );
    const ids = events.map((e) => e.eventId);
    expect(ids.every((id) => V7.test(id))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });
});
