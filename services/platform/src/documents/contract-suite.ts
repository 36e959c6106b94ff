import { randomUUID } from 'node:crypto';
import { DuplicateKeyError, type Collection, type Doc, type DocumentStore } from './document-store';

export interface DocumentStoreFixture {
  docs: DocumentStore;
  cleanup: () => Promise<void>;
}

type Household = Doc & {
  head?: string | null;
  address?: { city: string; district: string };
  members?: number;
  since?: string;
  urban?: boolean;
};

const household = (id: string, fields: Partial<Household> = {}): Household => ({ _id: id, ...fields });
const idsOf = (docs: Doc[]) => docs.map((d) => d._id);
const pad = (n: number) => String(n).padStart(3, '0');

/**
 * The behaviour every DocumentStore adapter must show (docs/architecture.md rule 4): the memory and SQLite adapters
 * run it, and so must the MongoDB one, unchanged. Each test works in its own fresh collection, so the
 * suite can run against a long-lived server database.
 */
export function documentStoreContract(name: string, factory: () => Promise<DocumentStoreFixture>): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let fixture: DocumentStoreFixture;
    const run = randomUUID().replaceAll('-', '').slice(0, 8);
    let counter = 0;
    const fresh = <T extends Doc = Household>(): Collection<T> => fixture.docs.collection<T>(`contract_${run}_${(counter += 1)}`);
    const seed = async (col: Collection<Household>, docs: Household[]) => {
      for (const d of docs) await col.put(d);
    };

    beforeAll(async () => {
      fixture = await factory();
    });
    afterAll(async () => {
      await fixture?.cleanup();
    });

    describe('single documents', () => {
      it('reads a stored document back as it was put, at version 0', async () => {
        const col = fresh();
        await col.put(household('h1', { head: 'Li', address: { city: 'Beijing', district: 'Chaoyang' }, members: 3 }));
        expect(await col.get('h1')).toEqual({ _id: 'h1', head: 'Li', address: { city: 'Beijing', district: 'Chaoyang' }, members: 3, _version: 0 });
      });

      it('returns null for a document that was never stored', async () => {
        expect(await fresh().get('nobody')).toBeNull();
      });

      it('replaces the whole document on put, dropping fields the new one lacks', async () => {
        const col = fresh();
        await col.put(household('h1', { head: 'Li', members: 3 }));
        await col.put(household('h1', { members: 4 }));
        expect(await col.get('h1')).toEqual({ _id: 'h1', members: 4, _version: 0 });
      });

      it('keeps the version a put document carries', async () => {
        const col = fresh();
        await col.put({ ...household('h1'), _version: 5 });
        expect((await col.get('h1'))?._version).toBe(5);
      });

      it('deletes a document and says whether there was one', async () => {
        const col = fresh();
        await col.put(household('h1'));
        expect(await col.delete('h1')).toBe(true);
        expect(await col.get('h1')).toBeNull();
        expect(await col.delete('h1')).toBe(false);
      });
    });

    describe('putIfVersion', () => {
      it('inserts a new document when no version is expected, at version 1', async () => {
        const col = fresh();
        expect(await col.putIfVersion(household('h1', { members: 1 }), undefined)).toBe(true);
        expect(await col.get('h1')).toEqual({ _id: 'h1', members: 1, _version: 1 });
      });

      it('refuses to insert over an existing document', async () => {
        const col = fresh();
        await col.putIfVersion(household('h1', { members: 1 }), undefined);
        expect(await col.putIfVersion(household('h1', { members: 2 }), undefined)).toBe(false);
        expect((await col.get('h1'))?.members).toBe(1);
      });

      it('replaces at the expected version and increments it', async () => {
        const col = fresh();
        await col.putIfVersion(household('h1', { members: 1 }), undefined);
        expect(await col.putIfVersion(household('h1', { members: 2 }), 1)).toBe(true);
        expect(await col.putIfVersion(household('h1', { members: 3 }), 2)).toBe(true);
        expect(await col.get('h1')).toEqual({ _id: 'h1', members: 3, _version: 3 });
      });

      it('refuses a stale version, leaving the document as it was', async () => {
        const col = fresh();
        await col.putIfVersion(household('h1', { members: 1 }), undefined);
        await col.putIfVersion(household('h1', { members: 2 }), 1);
        expect(await col.putIfVersion(household('h1', { members: 9 }), 1)).toBe(false);
        expect(await col.get('h1')).toEqual({ _id: 'h1', members: 2, _version: 2 });
      });

      it('refuses an expected version for a document that does not exist', async () => {
        expect(await fresh().putIfVersion(household('h1'), 1)).toBe(false);
      });

      it('lets exactly one of two concurrent writers at the same version win', async () => {
        const col = fresh();
        await col.putIfVersion(household('h1', { members: 1 }), undefined);
        const results = await Promise.all([col.putIfVersion(household('h1', { head: 'A' }), 1), col.putIfVersion(household('h1', { head: 'B' }), 1)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const stored = await col.get('h1');
        expect(stored?._version).toBe(2);
        expect(stored?.head).toBe(results[0] ? 'A' : 'B');
      });

      it('lets exactly one of many concurrent inserts win', async () => {
        const col = fresh();
        const results = await Promise.all(Array.from({ length: 8 }, (_, i) => col.putIfVersion(household('h1', { members: i }), undefined)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await col.get('h1'))?.members).toBe(results.indexOf(true));
      });
    });

    describe('find and count', () => {
      const sample = [
        household('h1', { head: 'Li', address: { city: 'Beijing', district: 'Chaoyang' }, members: 3, since: '2025-12-31', urban: true }),
        household('h2', { head: 'Wang', address: { city: 'Beijing', district: 'Haidian' }, members: 1, since: '2026-03-01', urban: true }),
        household('h3', { head: null, address: { city: 'Tianjin', district: 'Heping' }, members: 5, since: '2026-03-15T08:30:00Z', urban: false }),
        household('h4', { address: { city: 'Beijing', district: 'Chaoyang' }, members: 3, since: '2026-04-01' }),
        household('h5', { head: '5', members: 0 }),
      ];
      const seeded = async () => {
        const col = fresh();
        await seed(col, sample);
        return col;
      };

      it('matches equality on nested dotted fields', async () => {
        const col = await seeded();
        expect(idsOf(await col.find({ 'address.city': 'Beijing', 'address.district': 'Chaoyang' }))).toEqual(['h1', 'h4']);
      });

      it('matches null against null and missing fields alike', async () => {
        expect(idsOf(await (await seeded()).find({ head: null }))).toEqual(['h3', 'h4']);
      });

      it('matches any of the values given to $in', async () => {
        expect(idsOf(await (await seeded()).find({ 'address.district': { $in: ['Haidian', 'Heping'] } }))).toEqual(['h2', 'h3']);
      });

      it('matches nothing for an empty $in', async () => {
        expect(await (await seeded()).find({ members: { $in: [] } })).toEqual([]);
      });

      it('compares numbers with $gt, $gte, $lt and $lte', async () => {
        const col = await seeded();
        expect(idsOf(await col.find({ members: { $gt: 3 } }))).toEqual(['h3']);
        expect(idsOf(await col.find({ members: { $gte: 3 } }))).toEqual(['h1', 'h3', 'h4']);
        expect(idsOf(await col.find({ members: { $lt: 3 } }))).toEqual(['h2', 'h5']);
        expect(idsOf(await col.find({ members: { $lte: 1 } }))).toEqual(['h2', 'h5']);
      });

      it('compares ISO dates and timestamps as strings', async () => {
        const col = await seeded();
        expect(idsOf(await col.find({ since: { $gte: '2026-03-01' } }))).toEqual(['h2', 'h3', 'h4']);
        expect(idsOf(await col.find({ since: { $lt: '2026-03-15' } }))).toEqual(['h1', 'h2']);
        expect(idsOf(await col.find({ since: { $gt: '2026-03-15' } }))).toEqual(['h3', 'h4']);
      });

      it('never compares values of different types', async () => {
        const col = await seeded();
        expect(idsOf(await col.find({ head: { $gte: '0' } }))).toEqual(['h1', 'h2', 'h5']);
        expect(await col.find({ head: 5 })).toEqual([]);
        expect(await col.find({ head: { $gt: 0 } })).toEqual([]);
        expect(await col.find({ members: { $gt: '' } })).toEqual([]);
        expect(await col.find({ address: JSON.stringify(sample[0]!.address) })).toEqual([]);
      });

      it('tells booleans from numbers', async () => {
        const col = await seeded();
        expect(idsOf(await col.find({ urban: true }))).toEqual(['h1', 'h2']);
        expect(idsOf(await col.find({ urban: false }))).toEqual(['h3']);
        expect(await col.find({ urban: 1 })).toEqual([]);
        expect(await col.find({ members: true })).toEqual([]);
      });

      it('matches missing fields with $ne', async () => {
        const col = await seeded();
        expect(idsOf(await col.find({ urban: { $ne: true } }))).toEqual(['h3', 'h4', 'h5']);
        expect(idsOf(await col.find({ head: { $ne: null } }))).toEqual(['h1', 'h2', 'h5']);
      });

      it('tells present from missing fields with $exists, null counting as present', async () => {
        const col = await seeded();
        expect(idsOf(await col.find({ head: { $exists: true } }))).toEqual(['h1', 'h2', 'h3', 'h5']);
        expect(idsOf(await col.find({ head: { $exists: false } }))).toEqual(['h4']);
        expect(idsOf(await col.find({ address: { $exists: false } }))).toEqual(['h5']);
      });

      it('filters on _id like any other field', async () => {
        const col = await seeded();
        expect(idsOf(await col.find({ _id: { $in: ['h2', 'h9', 'h4'] } }))).toEqual(['h2', 'h4']);
        expect(idsOf(await col.find({ _id: { $gt: 'h3' } }))).toEqual(['h4', 'h5']);
      });

      it('sorts ascending and descending, _id breaking ties in the same direction', async () => {
        const col = await seeded();
        expect(idsOf(await col.find({}, { sort: { field: 'members', direction: 1 } }))).toEqual(['h5', 'h2', 'h1', 'h4', 'h3']);
        expect(idsOf(await col.find({}, { sort: { field: 'members', direction: -1 } }))).toEqual(['h3', 'h4', 'h1', 'h2', 'h5']);
      });

      it('sorts missing values first when ascending, last when descending', async () => {
        const col = await seeded();
        expect(idsOf(await col.find({}, { sort: { field: 'address.district', direction: 1 } }))).toEqual(['h5', 'h1', 'h4', 'h2', 'h3']);
        expect(idsOf(await col.find({}, { sort: { field: 'address.district', direction: -1 } }))).toEqual(['h3', 'h2', 'h4', 'h1', 'h5']);
      });

      it('limits the number of results after sorting', async () => {
        const col = await seeded();
        expect(idsOf(await col.find({ 'address.city': 'Beijing' }, { sort: { field: 'since', direction: -1 }, limit: 2 }))).toEqual(['h4', 'h2']);
      });

      it('counts the documents a filter matches', async () => {
        const col = await seeded();
        expect(await col.count()).toBe(5);
        expect(await col.count({ 'address.city': 'Beijing', members: { $gte: 3 } })).toBe(2);
        expect(await col.count({ 'address.city': 'Shanghai' })).toBe(0);
      });

      it('pages through fifty documents by afterId without skipping or repeating one', async () => {
        const col = fresh();
        const ids = Array.from({ length: 50 }, (_, i) => `h-${pad((i * 37) % 50)}`); // stored out of order
        await seed(col, ids.map((id, i) => household(id, { members: i % 4 })));
        const filter = { members: { $ne: 3 } };
        const pages: string[][] = [];
        for (let after: string | undefined; ; ) {
          const page = idsOf(await col.find(filter, { limit: 7, ...(after === undefined ? {} : { afterId: after }) }));
          if (page.length === 0) break;
          pages.push(page);
          after = page[page.length - 1];
        }
        expect(pages.flat()).toEqual(idsOf(await col.find(filter)));
        expect(pages.flat()).toHaveLength(await col.count(filter));
        expect(pages.flat()).toEqual([...pages.flat()].sort());
      });

      it('pages backwards with a descending _id sort', async () => {
        const col = fresh();
        await seed(col, Array.from({ length: 12 }, (_, i) => household(`h-${pad(i)}`)));
        const sort = { field: '_id', direction: -1 } as const;
        const first = idsOf(await col.find({}, { sort, limit: 5 }));
        const second = idsOf(await col.find({}, { sort, limit: 5, afterId: first[4]! }));
        expect([...first, ...second]).toEqual(['h-011', 'h-010', 'h-009', 'h-008', 'h-007', 'h-006', 'h-005', 'h-004', 'h-003', 'h-002']);
      });

      it('refuses unsafe field names, unknown operators and a zero limit', async () => {
        const col = await seeded();
        await expect(col.find({ "members') OR 1=1 --": 1 })).rejects.toThrow();
        await expect(col.find({ members: { $regex: '.*' } as never })).rejects.toThrow();
        await expect(col.find({}, { limit: 0 })).rejects.toThrow();
      });
    });

    describe('indexes', () => {
      it('refuses a second document with the key of a unique index', async () => {
        const col = fresh();
        await col.ensureIndex({ fields: ['address.city', 'head'], unique: true });
        await col.put(household('h1', { head: 'Li', address: { city: 'Beijing', district: 'Chaoyang' } }));
        await expect(col.put(household('h2', { head: 'Li', address: { city: 'Beijing', district: 'Haidian' } }))).rejects.toBeInstanceOf(DuplicateKeyError);
        await expect(col.putIfVersion(household('h3', { head: 'Li', address: { city: 'Beijing', district: 'Heping' } }), undefined)).rejects.toBeInstanceOf(DuplicateKeyError);
        await col.put(household('h4', { head: 'Li', address: { city: 'Tianjin', district: 'Heping' } }));
        expect(idsOf(await col.find())).toEqual(['h1', 'h4']);
      });

      it('lets the holder of a unique key be updated', async () => {
        const col = fresh();
        await col.ensureIndex({ fields: ['head'], unique: true });
        await col.putIfVersion(household('h1', { head: 'Li', members: 1 }), undefined);
        expect(await col.putIfVersion(household('h1', { head: 'Li', members: 2 }), 1)).toBe(true);
      });

      it('refuses a unique index over documents that already share a key', async () => {
        const col = fresh();
        await seed(col, [household('h1', { head: 'Li' }), household('h2', { head: 'Li' })]);
        await expect(col.ensureIndex({ fields: ['head'], unique: true })).rejects.toBeInstanceOf(DuplicateKeyError);
        await col.put(household('h3', { head: 'Li' })); // no half-built index left behind
        expect(await col.count({ head: 'Li' })).toBe(3);
      });

      it('is harmless to ensure the same index twice', async () => {
        const col = fresh();
        await col.ensureIndex({ fields: ['head'], unique: true });
        await col.ensureIndex({ fields: ['head'], unique: true });
        await col.ensureIndex({ fields: ['members'] });
        await col.ensureIndex({ fields: ['members'] });
        await col.put(household('h1', { head: 'Li', members: 2 }));
        await expect(col.put(household('h2', { head: 'Li' }))).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(idsOf(await col.find({ members: 2 }))).toEqual(['h1']);
      });
    });

    describe('drop', () => {
      it('empties the collection and leaves it usable', async () => {
        const col = fresh();
        await seed(col, [household('h1'), household('h2')]);
        await col.drop();
        expect(await col.count()).toBe(0);
        expect(await col.get('h1')).toBeNull();
        await col.put(household('h3'));
        expect(idsOf(await col.find())).toEqual(['h3']);
      });

      it('removes the collection indexes too', async () => {
        const col = fresh();
        await col.ensureIndex({ fields: ['head'], unique: true });
        await col.drop();
        await col.put(household('h1', { head: 'Li' }));
        await col.put(household('h2', { head: 'Li' }));
        expect(await col.count({ head: 'Li' })).toBe(2);
      });

      it('leaves other collections alone', async () => {
        const [a, b] = [fresh(), fresh()];
        await a.put(household('h1'));
        await b.put(household('h1'));
        await a.drop();
        expect(await b.count()).toBe(1);
      });
    });

    describe('writeAtomically (stores that offer it)', () => {
      const atomic = () => fixture.docs.writeAtomically?.bind(fixture.docs);

      it('writes every document, compare-and-sets and puts, in one go', async () => {
        const write = atomic();
        if (!write) return;
        const [a, b] = [`contract_${run}_${(counter += 1)}`, `contract_${run}_${(counter += 1)}`];
        await fixture.docs.collection(a).put(household('h1', { members: 1 }));
        const v = (await fixture.docs.collection(a).get('h1'))!._version;
        expect(await write([{ collection: a, doc: household('h1', { members: 2 }), ifVersion: v }, { collection: b, doc: household('n1'), ifVersion: undefined }, { collection: b, doc: household('p1', { members: 5 }), put: true }])).toBe(true);
        expect(await fixture.docs.collection(a).get('h1')).toEqual({ ...household('h1', { members: 2 }), _version: (v ?? 0) + 1 });
        expect(idsOf(await fixture.docs.collection(b).find())).toEqual(['n1', 'p1']);
        // Deletes too, with the others: a document there is gone, one not there is no loss.
        expect(await write([{ collection: b, doc: household('n1', { members: 3 }), ifVersion: 1 }, { collection: b, doc: { _id: 'p1' }, delete: true }, { collection: b, doc: { _id: 'none' }, delete: true }])).toBe(true);
        expect(idsOf(await fixture.docs.collection(b).find())).toEqual(['n1']);
      });

      it('writes nothing when one compare-and-set loses', async () => {
        const write = atomic();
        if (!write) return;
        const c = `contract_${run}_${(counter += 1)}`;
        await fixture.docs.collection(c).put(household('h1', { members: 1 }));
        await fixture.docs.collection(c).put(household('kept'));
        expect(await write([{ collection: c, doc: household('h2', { members: 9 }), ifVersion: undefined }, { collection: c, doc: { _id: 'kept' }, delete: true }, { collection: c, doc: household('h1', { members: 9 }), ifVersion: 41 }])).toBe(false);
        expect(await fixture.docs.collection(c).get('h2')).toBeNull();
        expect(await fixture.docs.collection(c).get('kept')).not.toBeNull();
        expect((await fixture.docs.collection(c).get('h1'))!.members).toBe(1);
      });

      it('writes nothing when one write throws (a unique index), and says so', async () => {
        const write = atomic();
        if (!write) return;
        const c = `contract_${run}_${(counter += 1)}`;
        await fixture.docs.collection(c).ensureIndex({ fields: ['head'], unique: true });
        await fixture.docs.collection(c).put(household('h1', { head: 'Li' }));
        await expect(write([{ collection: c, doc: household('h2', { head: 'Wang' }), ifVersion: undefined }, { collection: c, doc: household('h3', { head: 'Li' }), put: true }])).rejects.toBeInstanceOf(DuplicateKeyError);
        expect(idsOf(await fixture.docs.collection(c).find())).toEqual(['h1']);
      });
    });

    describe('names and text', () => {
      it('refuses a collection name that is not a plain lowercase identifier', () => {
        for (const bad of ['Households', 'doc"; DROP TABLE x; --', '1st', 'a-b', 'a.b', '']) expect(() => fixture.docs.collection(bad)).toThrow();
      });

      it('keeps Chinese text, in ids and values, and finds it by equality', async () => {
        const col = fresh();
        const doc = household('户-朝阳-001', { head: '张三', address: { city: '北京市', district: '朝阳区' }, since: '2026-01-01' });
        await col.put(doc);
        await col.put(household('户-海淀-002', { head: '李四', address: { city: '北京市', district: '海淀区' } }));
        expect(await col.get('户-朝阳-001')).toEqual({ ...doc, _version: 0 });
        expect(idsOf(await col.find({ 'address.district': '朝阳区' }))).toEqual(['户-朝阳-001']);
        expect(await col.count({ 'address.city': '北京市' })).toBe(2);
      });

      it('orders strings by code point, characters beyond the BMP included', async () => {
        const col = fresh();
        // U+20000 (𠀀) sorts after U+FF5E (～) by code point, though before it in UTF-16 units.
        const heads = ['张', 'a', '𠀀', '～', '李', 'Z'];
        await seed(col, heads.map((head, i) => household(`h${i}`, { head })));
        const sorted = (await col.find({}, { sort: { field: 'head', direction: 1 } })).map((d) => d.head);
        expect(sorted).toEqual(['Z', 'a', '张', '李', '～', '𠀀']);
        expect((await col.find({ head: { $gt: '～' } })).map((d) => d.head)).toEqual(['𠀀']);
      });
    });
  });
}
