import { MemoryDocumentStore } from '@grid/platform';
import { RebuildDocuments } from '../../src/projections/rebuild-documents';

// The rebuild's view of the document store: reads answered from what it holds, writes held until let go of or flushed.
const emptied = (capacity?: number) => {
  const store = new MemoryDocumentStore();
  const inner = store.collection('households');
  const gets = jest.spyOn(inner, 'get');
  const writes = jest.spyOn(inner, 'putIfVersion');
  jest.spyOn(store, 'collection').mockReturnValue(inner as never);
  return { inner, gets, writes, view: new RebuildDocuments(store, new Set(['households']), capacity) };
};

test('a document never written is absent without a query; one written is held, at the version the store will give it', async () => {
  const { inner, gets, writes, view } = emptied();
  const households = view.collection('households');
  expect(await households.get('h1')).toBeNull();
  expect(await households.putIfVersion({ _id: 'h1', members: 1 }, undefined)).toBe(true);
  expect(await households.get('h1')).toEqual({ _id: 'h1', members: 1, _version: 1 });
  expect(await households.putIfVersion({ _id: 'h1', members: 2 }, 1)).toBe(true);
  expect(await households.putIfVersion({ _id: 'h1', members: 9 }, 1)).toBe(false);
  expect(await households.get('h1')).toEqual({ _id: 'h1', members: 2, _version: 2 });
  expect(gets).not.toHaveBeenCalled();
  expect(writes).not.toHaveBeenCalled();

  await view.flush();
  expect(await inner.get('h1')).toEqual({ _id: 'h1', members: 2, _version: 1 }); // one write for both
  expect(await households.get('h1')).toEqual({ _id: 'h1', members: 2, _version: 1 }); // and the held version follows the store's
  expect(await households.putIfVersion({ _id: 'h1', members: 3 }, 1)).toBe(true);
  await view.flush();
  expect(await inner.get('h1')).toEqual({ _id: 'h1', members: 3, _version: 2 });
});

test('past its capacity the least recently used document is let go of: read from memory until written, then from the store', async () => {
  const { inner, gets, view } = emptied(2);
  const households = view.collection('households');
  for (const id of ['h1', 'h2', 'h3']) expect(await households.putIfVersion({ _id: id, members: 1 }, undefined)).toBe(true);
  expect(await households.get('h1')).toEqual({ _id: 'h1', members: 1, _version: 1 });
  expect(gets).not.toHaveBeenCalled();

  await view.flush(false); // only what was let go of
  expect(await inner.get('h1')).toEqual({ _id: 'h1', members: 1, _version: 1 });
  expect(await inner.get('h3')).toBeNull();
  gets.mockClear();
  expect(await households.get('h1')).toEqual({ _id: 'h1', members: 1, _version: 1 });
  expect(gets).toHaveBeenCalledWith('h1');
  // The version read from the store is the one a compare-and-set must name.
  expect(await households.putIfVersion({ _id: 'h1', members: 2 }, 1)).toBe(true);
  expect(await households.putIfVersion({ _id: 'h1', members: 3 }, 1)).toBe(false);
});

test('a query of the collection sees every change held; a store that refuses a held change fails the flush', async () => {
  const { inner, view } = emptied();
  const households = view.collection('households');
  expect(await households.putIfVersion({ _id: 'h1', members: 1 }, undefined)).toBe(true);
  expect(await households.find()).toEqual([{ _id: 'h1', members: 1, _version: 1 }]);
  await inner.put({ _id: 'h9', members: 5 }); // another writer, which a rebuild must not have
  expect(await households.putIfVersion({ _id: 'h9', members: 1 }, undefined)).toBe(true);
  await expect(view.flush()).rejects.toThrow(/another writer/);
});

test('collections the rebuild did not empty pass through', async () => {
  const store = new MemoryDocumentStore();
  await store.collection('other').put({ _id: 'o1', n: 1 });
  const view = new RebuildDocuments(store, new Set(['households']));
  expect(await view.collection('other').get('o1')).toEqual({ _id: 'o1', n: 1, _version: 0 });
});
