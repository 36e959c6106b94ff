import { CommandHandler } from '@grid/platform';
import { regionDecider } from '../../src/domain/region/decide';
import { ctx, official, startApp, type App } from './fixture';
import { idNumber } from './people';

let app: App;
beforeEach(async () => {
  app = await startApp();
});
afterEach(() => app.close());

const close = { effectiveDate: '2021-01-01', reason: '网格合并' };
/** A valid 身份证 number per n: born 1980-01-01, sequence n. */
const nth = (n: number): string => idNumber(`43110319800101${String(n).padStart(3, '0')}`);

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
      { type: 'close', on: '2021-01-01', reason: '网格合并', openChildren: 0, households: 0, departed: [], workers: [], by: official },
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

describe('households admitted on the grid’s stream', () => {
  it('a grid closes once the households registered in it have left (their own streams say so)', async () => {
    const members = [{ relation: 'head' as const, name: '陈立', idNumber: nth(900) }];
    const { id } = await app.households.register({ gridId: app.ids.g1!, address: '梅湾路12号', registration: 'urban', members, on: '2020-01-10' }, ctx());
    await expect(app.regions.close(app.ids.g1!, close, ctx(official))).rejects.toMatchObject({ rule: 'has-households' });
    await app.households.transfer(id, { toGridId: app.ids.g2!, on: '2020-06-01' }, ctx());
    await expect(app.regions.close(app.ids.g1!, close, ctx(official))).resolves.toMatchObject({ id: app.ids.g1 });
  });

  it('a building closes once the households registered in it have left, like a grid', async () => {
    const node = async (name: string, level: 'micro-grid' | 'building', parentId: string) =>
      (await app.regions.create({ parentId, level, name, on: '2020-01-01' }, ctx(official))).id;
    const microGrid = await node('m1', 'micro-grid', app.ids.g1!);
    const building = await node('3栋', 'building', microGrid);
    const members = [{ relation: 'head' as const, name: '陈立', idNumber: nth(902) }];
    const address = '梅湾路12号3栋';
    const { id } = await app.households.register({ gridId: microGrid, buildingId: building, address, registration: 'urban', members, on: '2020-01-10' }, ctx());
    await expect(app.regions.close(building, close, ctx(official))).rejects.toMatchObject({ rule: 'has-households' });
    await app.households.transfer(id, { toGridId: app.ids.g2!, on: '2020-06-01' }, ctx());
    await expect(app.regions.close(building, close, ctx(official))).resolves.toMatchObject({ id: building });
  });

  it('a household write that fails after its admission withdraws it: the grid is not kept open by it', async () => {
    const failing = app.regions.admitting('h-never', [{ regionId: app.ids.g1!, field: 'gridId' }], '2020-01-10', ctx(), () =>
      Promise.reject(new Error('the store went away')),
    );
    await expect(failing).rejects.toThrow('the store went away');
    expect((await app.store.readStream(`region-${app.ids.g1}`)).map((e) => e.type).slice(1)).toEqual([
      'grid-records.region.household-admitted',
      'grid-records.region.household-admission-withdrawn',
    ]);
    await expect(app.regions.close(app.ids.g1!, close, ctx(official))).resolves.toMatchObject({ id: app.ids.g1 });
  });
});

describe('a close and a registration into the same grid fired together', () => {
  const settle = <T>(p: Promise<T>) =>
    p.then(
      () => true,
      () => false,
    );
  /** Lets `n` turns of the event loop pass, so the close starts at every point of the registration's way to the store. */
  const after = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };

  it('never leaves a closed grid with a household registered or transferred in: exactly one of the two succeeds', async () => {
    for (let n = 0; n < 40; n += 1) {
      const gridId = (await app.regions.create({ parentId: app.ids.c1!, level: 'grid', name: `g-${n}`, on: '2020-01-01' }, ctx(official))).id;
      const members = [{ relation: 'head' as const, name: '陈立', idNumber: nth(n) }];
      // Alternate the way in: a registration, or a household of another grid transferred in (户迁移).
      const arriving =
        n % 2 === 0
          ? app.households.register({ gridId, address: '梅湾路12号', registration: 'urban', members, on: '2020-01-10' }, ctx())
          : app.households
              .register({ gridId: app.ids.g1!, address: '梅湾路12号', registration: 'urban', members, on: '2020-01-10' }, ctx())
              .then(({ id }) => app.households.transfer(id, { toGridId: gridId, on: '2020-06-01' }, ctx()));
      const registered = settle(arriving);
      const closed = settle(after(n % 20).then(() => app.regions.close(gridId, close, ctx(official))));
      const outcomes = await Promise.all([registered, closed]);
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    }
  });
});
