import { createSecretKey } from 'node:crypto';
import { gcmOpen, gcmSeal, importKey } from '../../src/personal-data/crypto';
import { CACHE_MAX_AGE_MS, KeyCache } from '../../src/personal-data/key-cache';

const entry = (n: number) => ({ keyId: `k${n}`, key: createSecretKey(Buffer.alloc(32, n)) });

describe('key cache (LRU of unwrapped data keys)', () => {
  it('evicts the least recently used subject beyond its capacity', () => {
    const cache = new KeyCache(2);
    cache.set('a', entry(1));
    cache.set('b', entry(2));
    expect(cache.get('a')?.keyId).toBe('k1'); // a is now the most recent
    cache.set('c', entry(3));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.keyId).toBe('k1');
    expect(cache.get('c')?.keyId).toBe('k3');
    expect(cache.size).toBe(2);
  });

  it('hands back the very KeyObject it was given, so a hit imports nothing', () => {
    const cache = new KeyCache(2);
    const value = entry(1);
    cache.set('a', value);
    expect(cache.get('a')?.key).toBe(value.key);
  });

  it('stores nothing at capacity 0, and forgets on delete', () => {
    const off = new KeyCache(0);
    off.set('a', entry(1));
    expect(off.get('a')).toBeUndefined();
    const cache = new KeyCache(10);
    cache.set('a', entry(1));
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops an entry older than the maximum age, so another replica\'s shred is seen in bounded time', () => {
    let now = 1_000;
    const cache = new KeyCache(10, () => now);
    cache.set('a', entry(1));
    now += CACHE_MAX_AGE_MS;
    expect(cache.get('a')?.keyId).toBe('k1');
    now += 1;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});

describe('AES-256-GCM with the subject id as additional data', () => {
  it('fails to open under another subject id even with the right key', () => {
    const key = Buffer.alloc(32, 1);
    const box = gcmSeal(key, Buffer.from('张三'), Buffer.from('person:a'));
    expect(gcmOpen(key, box, Buffer.from('person:a'))?.toString()).toBe('张三');
    expect(gcmOpen(key, box, Buffer.from('person:b'))).toBeNull();
    expect(gcmOpen(Buffer.alloc(32, 2), box, Buffer.from('person:a'))).toBeNull();
  });

  it('opens with a KeyObject what raw bytes sealed, and importKey wipes the bytes it imported', () => {
    const raw = Buffer.alloc(32, 5);
    const box = gcmSeal(raw, Buffer.from('张三'), Buffer.from('person:a'));
    const key = importKey(raw);
    expect(raw.equals(Buffer.alloc(32))).toBe(true);
    expect(key.export().equals(Buffer.alloc(32, 5))).toBe(true);
    expect(gcmOpen(key, box, Buffer.from('person:a'))?.toString()).toBe('张三');
    expect(gcmOpen(key, gcmSeal(key, Buffer.from('李四'), Buffer.from('person:b')), Buffer.from('person:b'))?.toString()).toBe('李四');
  });
});
