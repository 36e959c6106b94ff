import { secureRandom } from '../../src/personal-data/crypto';

describe('secureRandom (pooled CSPRNG bytes for keys, IVs and ids)', () => {
  test('gives the length asked for, never the same value twice, across many refills of the pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i += 1) {
      const value = secureRandom(i % 2 === 0 ? 12 : 32);
      expect(value).toHaveLength(i % 2 === 0 ? 12 : 32);
      seen.add(value.toString('hex'));
    }
    expect(seen.size).toBe(20_000);
  });

  test('each value is its own copy: changing one leaves the next untouched', () => {
    const a = secureRandom(32);
    const copy = Buffer.from(a);
    a.fill(0);
    const b = secureRandom(32);
    expect(b.equals(Buffer.alloc(32))).toBe(false);
    expect(copy.equals(Buffer.alloc(32))).toBe(false);
    expect(a.buffer === b.buffer && a.byteOffset + 32 === b.byteOffset).toBe(false);
  });

  test('serves sizes larger than the pool slice directly', () => {
    const big = secureRandom(2048);
    expect(big).toHaveLength(2048);
    expect(big.equals(Buffer.alloc(2048))).toBe(false);
  });

  test('bytes are not grossly biased: chi-square over 1 MiB far below what a repeating or half-zeroed pool gives', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 1024 * 32; i += 1) for (const byte of secureRandom(32)) counts[byte]! += 1;
    const expected = (1024 * 1024) / 256;
    const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 255 degrees of freedom: mean 255, sd ≈ 22.6. Ten sd above the mean never happens by chance (p ≪ 1e-12);
    // a pool handing out zeroed or repeated bytes lands in the tens of thousands.
    expect(chiSquare).toBeLessThan(255 + 10 * Math.sqrt(2 * 255));
  });
});
