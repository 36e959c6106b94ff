import { Refusal } from '@grid/platform';
import { ctx, official, startApp, type App } from './fixture';

let app: App;
beforeEach(async () => {
  app = await startApp();
});
afterEach(() => app.close());

describe('region commands', () => {
  it('read the parent’s facts from its stream, not from the read model', async () => {
    await app.documents.collection('regions').drop(); // the read model knows nothing
    const result = await app.regions.create(
      { parentId: app.ids.g1!, level: 'micro-grid', name: '微网格', on: '2021-01-01' },
      ctx(official),
    );
    expect(result.revision).toBe(0);
  });

  it('refuse a move under an unknown parent', async () => {
    const error = await app.regions
      .move(app.ids.c1!, { toParentId: 'nowhere', change: 'merge', on: '2021-01-01' }, ctx(official))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Refusal);
    expect(error).toMatchObject({ rule: 'parent-unknown', field: 'toParentId' });
  });

  it('assign grid workers to grids only', async () => {
    await expect(app.regions.assignWorker(app.ids.c1!, { workerId: 'w', from: '2021-01-01' }, ctx(official))).rejects.toMatchObject({
      rule: 'not-a-grid',
    });
    await expect(app.regions.assignWorker(app.ids.g1!, { workerId: 'w', from: '2021-01-01' }, ctx(official))).resolves.toEqual({
      id: app.ids.g1,
      revision: 0,
    });
  });

  it('a rename to the same name appends nothing and answers the current revision', async () => {
    await expect(app.regions.rename(app.ids.g1!, { name: 'g1', on: '2021-01-01' }, ctx(official))).resolves.toEqual({
      id: app.ids.g1,
      revision: 0,
    });
  });
});
