import { createHash } from 'node:crypto';
import { streamsRoot, type StreamHead } from '@grid/platform';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

test('the streams root is the sha256 of every head’s line, sorted as strings, over more heads than one slice hashes', () => {
  const heads: StreamHead[] = Array.from({ length: 4321 }, (_, i) => [`household-${(i * 7919) % 4321}`, i % 5, sha256(String(i))]);
  heads.push(['household', 2, sha256('prefix')], ['household-1-x', 0, sha256('longer')]);
  const lines = heads.map(([id, revision, hash]) => `${id} ${revision} ${hash}\n`).sort();

  expect(streamsRoot(heads)).toBe(sha256(lines.join('')));
  expect(streamsRoot([...heads].reverse())).toBe(streamsRoot(heads));
});

test('the root of no stream is the sha256 of nothing', () => {
  expect(streamsRoot([])).toBe(sha256(''));
});
