import { idNumber, people } from '../application/people';
import { gridWorker, problemShape, seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let worker: string; // grid worker of community c1 (grids g1, g2)
let farWorker: string; // grid worker of g3 only
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  worker = await gridWorker(h, 'c1', 'worker-li');
  farWorker = await gridWorker(h, 'g3', 'worker-zhao');
});
afterAll(() => h.close());

const household = (gridId: string, members: unknown[] = [people.head, people.spouse, people.child]) => ({
  gridId,
  address: '梅湾路12号3栋201',
  registration: 'urban',
  members,
  on: '2020-01-10',
});

describe('registering a household', () => {
  it('answers 201 with { id, revision }, Location and ETag, and the household reads back', async () => {
    const res = await h.post('/v1/households', household(h.regions.g1!), worker);
    expect(res.statusCode).toBe(201);
    const { id, revision } = res.json();
    expect(revision).toBe(0);
    expect(res.headers.location).toBe(`/v1/households/${id}`);
    expect(res.headers.etag).toBe('"0"');
    const read = await h.get(`/v1/households/${id}`, worker);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"0"');
    expect(read.json()).toMatchObject({
      id,
      gridId: h.regions.g1,
      regionPath: [{ id: h.regions.d1 }, { id: h.regions.s1 }, { id: h.regions.c1 }, { id: h.regions.g1 }],
      status: 'active',
      address: '梅湾路12号3栋201',
      members: [
        {
          relation: 'head',
          name: '王秀英',
          idNumber: people.head.idNumber,
          phone: people.head.phone,
          birthDate: '1952-03-14',
          sex: 'female',
        },
        { relation: 'spouse', name: '李建国', birthDate: '1950-08-02', sex: 'male' },
        { relation: 'child', name: '李小红', phone: null, birthDate: '2012-06-01' },
      ],
    });
  });

  it('replays the first answer for the same Idempotency-Key, registering once', async () => {
    const body = household(h.regions.g2!, [people.third]);
    const first = await h.post('/v1/households', body, worker, { 'idempotency-key': 'reg-1' });
    const again = await h.post('/v1/households', body, worker, { 'idempotency-key': 'reg-1' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(again.headers.location).toBe(first.headers.location);
    const list = await h.get(`/v1/households?regionId=${h.regions.g2}`, worker);
    expect(list.json().total).toBe(1);
  });
});

describe('one person, one household', () => {
  let existing: string;
  beforeAll(async () => {
    existing = (await h.post('/v1/households', household(h.regions.g1!, [people.other]), worker)).json().id;
  });

  it('answers 409 naming the other household when it is in the caller’s scope', async () => {
    const res = await h.post('/v1/households', household(h.regions.g2!, [{ ...people.other, name: '赵德胜' }]), worker);
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0]).toMatchObject({ field: 'members.0.idNumber', rule: 'registered-elsewhere' });
    expect(res.json().detail).toContain(existing);
    expect(res.headers.link).toBe(`</v1/households/${existing}>; rel="related"`);
  });

  it('answers 409 without naming it when it lies outside the caller’s scope', async () => {
    const res = await h.post('/v1/households', household(h.regions.g3!, [people.other]), farWorker);
    expect(res.statusCode).toBe(409);
    expect(res.json().errors[0]).toMatchObject({ field: 'members.0.idNumber', rule: 'not-registrable-here' });
    expect(res.body).not.toContain(existing);
    expect(res.headers.link).toBeUndefined();
  });

  it('the refusal outside the scope is recorded on the household that holds the person, for its officials, not for the caller', async () => {
    const personId = (await h.get(`/v1/households/${existing}`, worker)).json().members[0].personId;
    const refused = await h.post('/v1/households', household(h.regions.g3!, [people.other]), farWorker);
    expect(refused.statusCode).toBe(409);
    const official = await h.token('community-official', [h.regions.c1!], 'community-zhang');
    const history = (await h.get(`/v1/households/${existing}/history`, official)).json() as { events: { envelope: { type: string; data: unknown; actor: unknown } }[] };
    const noted = history.events.map((e) => e.envelope).filter((e) => e.type === 'grid-records.household.registration-elsewhere-refused');
    expect(noted.at(-1)).toMatchObject({
      data: { householdId: existing, personId, standing: 'member', by: { id: 'worker-zhao', role: 'grid-worker' } },
      actor: { id: 'worker-zhao', role: 'grid-worker' },
    });
    expect(JSON.stringify(noted)).not.toContain(people.other.idNumber);
    // The caller cannot read where it was recorded.
    expect((await h.get(`/v1/households/${existing}/history`, farWorker)).statusCode).toBe(404);
  });

  it('outside the caller’s scope a living member and a deceased one are refused alike: the answer is no oracle', async () => {
    const alive = { relation: 'head', name: '钱小梅', idNumber: idNumber('43110319660606011') };
    const died = { relation: 'spouse', name: '钱大山', idNumber: idNumber('43110319640404013') };
    const other = (await h.post('/v1/households', household(h.regions.g1!, [alive, died]), worker)).json().id;
    const diedId = (await h.get(`/v1/households/${other}`, worker)).json().members[1].personId;
    expect((await h.post(`/v1/residents/${diedId}/death`, { diedOn: '2020-08-15', evidence: 'visit-report' }, worker)).statusCode).toBe(200);
    const living = await h.post('/v1/households', household(h.regions.g3!, [alive]), farWorker);
    const deceased = await h.post('/v1/households', household(h.regions.g3!, [{ ...died, relation: 'head' }]), farWorker);
    expect(problemShape(living)).toEqual(problemShape(deceased));
    const noted = (await h.infra.store.readStream(`household-${other}`)).filter((e) => e.type === 'grid-records.household.registration-elsewhere-refused');
    expect(noted.map((e) => (e.data as { standing: string }).standing)).toEqual(['member', 'died']);
    expect(living.json()).toMatchObject({ status: 409, errors: [{ field: 'members.0.idNumber', rule: 'not-registrable-here' }] });
    // Inside the scope the worker is told which, to correct the record.
    expect((await h.post('/v1/households', household(h.regions.g2!, [{ ...died, relation: 'head' }]), worker)).json().detail).toMatch(/deceased/);
  });

  it('lets the person join another household once they have left it, under the same person id', async () => {
    const personId = (await h.get(`/v1/households/${existing}`, worker)).json().members[0].personId;
    const target = (await h.post('/v1/households', household(h.regions.g2!, [people.fourth]), worker)).json().id;
    // the head cannot leave: another member becomes head first
    const added = await h.post(`/v1/households/${existing}/members`, { member: people.grandson, on: '2021-01-01' }, worker);
    expect(added.statusCode).toBe(200);
    expect(
      (await h.post(`/v1/households/${existing}/head`, { personId: added.json().personId, on: '2021-02-01' }, worker)).statusCode,
    ).toBe(200);
    const left = await h.post(`/v1/households/${existing}/members/${personId}/removal`, { reason: 'moved-away', on: '2021-03-01' }, worker);
    expect(left.statusCode).toBe(200);
    const joined = await h.post(
      `/v1/households/${target}/members`,
      { member: { ...people.other, relation: 'other' }, on: '2021-03-02' },
      worker,
    );
    expect(joined.statusCode).toBe(200);
    expect(joined.json()).toMatchObject({ id: target, revision: 1, personId });
  });
});
