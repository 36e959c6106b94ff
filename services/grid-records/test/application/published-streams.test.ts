import { CATEGORY_OWNERS, UNPUBLISHED_CATEGORIES, categoryOf } from '@grid/contracts';
import { GRID_RECORDS_CATEGORIES } from '../../src/application/streams';
import { people } from './people';
import { ctx, official, startApp, type App } from './fixture';

let app: App;
beforeAll(async () => (app = await startApp()));
afterAll(() => app.close());

describe('every stream grid-records writes is published, or its absence from the bus is documented in the contracts', () => {
  it('a registration, a death and its revocation write only categories that are relayed or named unpublished with a reason', async () => {
    const { id } = await app.households.register(
      { gridId: app.ids.g1!, address: '梅湾路12号', registration: 'urban', members: [people.head, people.spouse], on: '2020-01-10' },
      ctx(),
    );
    const spouse = (await app.store.readStream(`household-${id}`))[0]!.data as { members: { personId: string; relation: string }[] };
    const personId = spouse.members.find((m) => m.relation === 'spouse')!.personId;
    await app.households.recordDeath(id, personId, { diedOn: '2020-05-01', evidence: 'visit-report' }, ctx());
    await app.households.revokeDeath(id, personId, { reason: '同名误报', evidence: '公安户籍核查', on: '2020-06-01' }, ctx(official));

    const written = new Set<string>();
    for await (const e of app.store.readAll()) written.add(categoryOf(e.streamId));
    const unpublished = Object.keys(UNPUBLISHED_CATEGORIES);
    for (const category of written) {
      if (GRID_RECORDS_CATEGORIES.includes(category)) expect(CATEGORY_OWNERS).toHaveProperty(category, 'grid-records');
      else expect(unpublished).toContain(category);
    }
    expect(written).toContain('identity');
    expect(UNPUBLISHED_CATEGORIES.identity).toMatch(/household events/);
  });
});
