// StreamHeads (audit-worker.ts): the audit's per-stream heads off the JS heap, as a Map of id to head would answer.
import { createHash } from 'node:crypto';
import { StreamFirsts, StreamHeads } from '../../src/store/sqlite/audit-worker';

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
// Past every initial size (1,024 slots, a 2,048-entry table, 64 KB of ids), with ids of every length and script.
const ids = Array.from({ length: 5000 }, (_, n) => (n % 7 === 0 ? `户-${n}-居民` : n % 11 === 0 ? `${n}`.repeat(40) : `person-${n}`));

function filled(): StreamHeads {
  const heads = new StreamHeads();
  for (const [n, id] of ids.entries()) {
    expect(heads.find(id)).toBe(-1);
    heads.add(id, n % 5, hashOf(id));
  }
  return heads;
}

test('finds every stream it was given, with its revision, hash and id, and no other', () => {
  const heads = filled();
  expect(heads.size).toBe(ids.length);
  for (const [n, id] of ids.entries()) {
    const slot = heads.find(id);
    expect([slot, heads.idAt(slot), heads.revisionAt(slot), heads.hashAt(slot)]).toEqual([n, id, n % 5, hashOf(id)]);
  }
  for (const absent of ['', 'person-5000', 'person-1 ', '户-7-居', `${11}`.repeat(39)]) expect(heads.find(absent)).toBe(-1);
  heads.set(heads.find('person-3'), 9, hashOf('next'));
  expect([heads.revisionAt(3), heads.hashAt(3), heads.size]).toEqual([9, hashOf('next'), ids.length]);
  expect([...heads.entries()][3]).toEqual(['person-3', 9, hashOf('next')]);
});

test('a copy and a table rebuilt from its posted buffers hold the same heads; the copy changes apart', () => {
  const heads = filled();
  const copy = heads.clone();
  copy.set(0, 42, hashOf('copy'));
  copy.add('only-in-copy', 0, hashOf('x'));
  expect(heads.revisionAt(0)).toBe(0);
  expect(heads.find('only-in-copy')).toBe(-1);
  const received = new StreamHeads(heads.posted());
  expect([...received.entries()]).toEqual(ids.map((id, n) => [id, n % 5, hashOf(id)]));
  expect(received.find(ids[4321]!)).toBe(4321);
});

test('another table’s heads are found and copied by slot: replaced where present, added where not', () => {
  const heads = filled();
  const later = new StreamHeads();
  later.add('person-1', 3, hashOf('later-1'));
  later.add('new-stream', 0, hashOf('new'));
  expect([heads.findIn(later, 0), heads.findIn(later, 1)]).toEqual([1, -1]);
  heads.copyFrom(later, 0);
  heads.copyFrom(later, 1);
  expect([heads.revisionAt(1), heads.hashAt(1)]).toEqual([3, hashOf('later-1')]);
  const added = heads.find('new-stream');
  expect([added, heads.revisionAt(added), heads.hashAt(added)]).toEqual([ids.length, 0, hashOf('new')]);
});

test('a range’s first events link only to the head just before them (or to none at revision 0, no prevHash)', () => {
  const heads = filled();
  const firsts = new StreamFirsts();
  expect(firsts.push(1, hashOf(ids[0]!))).toBe(true); // person-0's revision 0 was before
  expect(firsts.push(0, null)).toBe(true);
  expect(firsts.push(1, 'not a hash')).toBe(false);
  expect(firsts.push(1, hashOf(ids[0]!).toUpperCase())).toBe(false);
  expect(firsts.linksTo(0, heads, 0)).toBe(true);
  expect(firsts.linksTo(0, heads, 1)).toBe(false); // another stream's head
  expect(firsts.linksTo(0, heads, -1)).toBe(false);
  expect(firsts.linksTo(1, heads, -1)).toBe(true);
  expect(firsts.linksTo(1, heads, 0)).toBe(false);
  const received = new StreamFirsts(firsts.posted());
  expect([received.size, received.revisionAt(0), received.prevHashAt(0), received.prevHashAt(1)]).toEqual([2, 1, hashOf(ids[0]!), null]);
});

test('revisions past 2^31 and 2^32 are kept and linked exactly', () => {
  const heads = new StreamHeads();
  heads.add('big', 2 ** 32 + 1, hashOf('big'));
  const firsts = new StreamFirsts();
  firsts.push(2 ** 32 + 2, hashOf('big'));
  firsts.push(2 ** 32 + 1, hashOf('big'));
  expect([heads.revisionAt(0), firsts.linksTo(0, heads, 0), firsts.linksTo(1, heads, 0)]).toEqual([2 ** 32 + 1, true, false]);
  expect(new StreamHeads(heads.clone().posted()).revisionAt(0)).toBe(2 ** 32 + 1);
});

test('two ids of the same 32-bit hash are two streams, found apart before and after the table grows and across tables', () => {
  const [a, b] = ['person-779058', 'person-1222700']; // the same FNV-1a code
  const heads = new StreamHeads();
  heads.add(a, 1, hashOf(a));
  expect(heads.find(b)).toBe(-1);
  heads.add(b, 2, hashOf(b));
  for (const id of ids) heads.add(id, 0, hashOf(id));
  expect([heads.find(a), heads.find(b), heads.revisionAt(heads.find(b))]).toEqual([0, 1, 2]);
  const other = new StreamHeads();
  other.add(b, 3, hashOf('b3'));
  expect(heads.findIn(other, 0)).toBe(1);
  heads.copyFrom(other, 0);
  expect([heads.revisionAt(0), heads.revisionAt(1), heads.hashAt(1), heads.size]).toEqual([1, 3, hashOf('b3'), ids.length + 2]);
});
