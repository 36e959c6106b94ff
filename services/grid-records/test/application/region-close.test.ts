import { CommandHandler } from '@grid/platform';
import { regionDecider } from '../../src/domain/region/decide';
import { ctx, official, startApp, type App } from './fixture';

let app: App;
beforeEach(async () => {
  app = await startApp();
});
afterEach(() => app.close());

const close = { effectiveDate: '2021-01-01', reason: '网格合并' };

describe('closing a region node (撤销/合并)', () => {
  it('ends the grid workers’ assignments on the grid stream too, the day before, with the closing’s reason', async () => {
    await app.regions.assignWorker(app.ids.g1!, { workerId: 'worker-li', from: '2020-03-01' }, ctx(official));
    await expect(app.regions.close(app.ids.g1!, close, ctx(official))).resolves.toEqual({ id: app.ids.g1, revision: 1 });
    const roster = await app.store.readStream(`grid-${app.ids.g1}`);
    expect(roster.at(-1)).toMatchObject({
      type: 'grid-records.grid.worker-unassigned',
      data: { workerId: 'worker-li', from: '2020-03-01', until: '2020-12-31' },
      reason: '网格合并',
    });
  });

  it('a repeat of the same close completes a roster the first attempt left open (a failure between the two writes)', async () => {
    await app.regions.assignWorker(app.ids.g2!, { workerId: 'worker-li', from: '2020-03-01' }, ctx(official));
    // The node's close, written alone, as if the process stopped before the roster followed.
    await new CommandHandler({ store: app.store, decider: regionDecider }).handle(
      `region-${app.ids.g2}`,
      { type: 'close', on: '2021-01-01', reason: '网格合并', openChildren: 0, households: 0, workers: [], by: official },
      ctx(official),
    );
    await expect(app.regions.close(app.ids.g2!, close, ctx(official))).resolves.toEqual({ id: app.ids.g2, revision: 1 });
    expect((await app.store.readStream(`grid-${app.ids.g2}`)).map((e) => e.type)).toEqual([
      'grid-records.grid.worker-assigned',
      'grid-records.grid.worker-unassigned',
    ]);
  });

  it('a community closes once its grids are closed (open children counted in the read model)', async () => {
    await expect(app.regions.close(app.ids.c1!, close, ctx(official))).rejects.toMatchObject({ rule: 'has-children' });
    await app.regions.close(app.ids.g1!, close, ctx(official));
    await app.regions.close(app.ids.g2!, close, ctx(official));
    await expect(app.regions.close(app.ids.c1!, close, ctx(official))).resolves.toEqual({ id: app.ids.c1, revision: 1 });
  });
});
