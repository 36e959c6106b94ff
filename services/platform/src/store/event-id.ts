import { createHash, randomFillSync } from 'node:crypto';

/*
 * UUIDv7 (RFC 9562 §5.7) for the event ids the store and the command handler fill in. Time-ordered ids
 * land next to each other in the `event_id` unique index: a commit dirties a few index pages instead of
 * one random page per event (as v4 ids do). Layout, 128 bits:
 *   unix_ts_ms (48) | ver = 7 (4) | rand_a (12) | var = 0b10 (2) | rand_b (62)
 * rand_a plus the top 30 bits of rand_b hold a 42-bit counter (RFC 9562 §6.2, method 1: "fixed bit-length
 * dedicated counter"), seeded at random (top bit clear) on each new millisecond and incremented within
 * one, so ids made by this process sort in the order they were made. The last 32 bits are random.
 * When the clock steps back, the last timestamp is kept and the counter goes on; when the counter runs
 * out (2^41 ids in one millisecond), the timestamp moves on by one millisecond (RFC 9562 §6.2 allows both).
 */

const COUNTER_BITS = 42;
const COUNTER_LIMIT = 2 ** COUNTER_BITS;
const LOW_BITS = 2 ** 30; // the counter's bits that sit in rand_b

// Random bytes drawn in blocks: one randomFillSync per 512 ids rather than one per id.
const pool = Buffer.alloc(4096);
let poolAt = pool.length;

function random32(): number {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const value = pool.readUInt32BE(poolAt);
  poolAt += 4;
  return value;
}

const hex = (value: number, digits: number): string => value.toString(16).padStart(digits, '0');

/** 41 random bits: at least 2^41 increments are left before a millisecond's counter runs out. */
const seed = (): number => (random32() >>> 23) * 2 ** 32 + random32();

/** A UUIDv7 generator with its own clock and counter; each call returns a larger id than the last. */
export function uuidv7Generator(clock: () => number = Date.now): () => string {
  let lastMs = -1;
  let counter = 0;
  return () => {
    const now = clock();
    if (now > lastMs) {
      lastMs = now;
      counter = seed();
    } else if ((counter += 1) >= COUNTER_LIMIT) {
      lastMs += 1;
      counter = seed();
    }
    const high = Math.floor(counter / LOW_BITS); // 12 bits: rand_a
    const low = counter % LOW_BITS; // 30 bits: the top of rand_b
    return (
      hex(Math.floor(lastMs / 0x10000), 8) +
      '-' +
      hex(lastMs % 0x10000, 4) +
      '-' +
      hex(0x7000 | high, 4) +
      '-' +
      hex(0x8000 | (low >>> 16), 4) +
      '-' +
      hex(low & 0xffff, 4) +
      hex(random32(), 8)
    );
  };
}

/** The process's UUIDv7 generator (wall clock): ids made in this process sort in the order they were made. */
export const uuidv7: () => string = uuidv7Generator();

/** The millisecond timestamp a UUIDv7 carries. */
export function uuidv7Time(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

/** An RFC 9562 version-8 UUID from a SHA-256 of `parts` (joined by newlines): the same parts, the same id. */
export function hashedUuid(...parts: (string | number)[]): string {
  const b = createHash('sha256').update(parts.join('\n')).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
