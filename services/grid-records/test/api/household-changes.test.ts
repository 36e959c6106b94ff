import { people } from '../application/people';
import { gridWorker, seedRegions, startHarness, type Harness } from './harness';

let h: Harness;
let worker: string; // community c1: grids g1, g2
let hid: string;
let members: { personId: string; relation: string }[];
beforeAll(async () => {
  h = await startHarness();
  await seedRegions(h);
  worker = await gridWorker(h, 'c1', 'worker-li');
  const res = await h.post(
    '/v1/households',
    {
      gridId: h.regions.g1,
      address: '梅湾路1号',
      registration: 'rural',
      members: [people.head, people.spouse, people.child],
      on: '2020-01-10',
    },
    worker,
  );
  hid = res.json().id;
  members = (await h.get(`/v1/households/${hid}`, worker)).json().members;
});
afterAll(() => h.close());

const personOf = (relation: string) => members.find((m) => m.relation === relation)!.personId;

describe('If-Match', () => {
  it('applies a change made on the current version and answers 412 on a stale one', async () => {
    const { etag } = (await h.get(`/v1/households/${hid}`, worker)).headers;
    const first = await h.post(
      `/v1/residents/${personOf('spouse')}/disability-certificate`,
      { kind: 'physical', grade: 2, certificateNo: `${people.spouse.idNumber}42`, certifiedOn: '2020-05-01' },
      worker,
      { 'if-match': etag as string },
    );
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"1"');
    const stale = await h.post(`/v1/households/${hid}/transfer`, { toGridId: h.regions.g2, on: '2020-06-01' }, worker, {
      'if-match': etag as string,
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().errors[0]).toMatchObject({ field: 'If-Match', rule: 'if-match-mismatch' });
    const shown = (await h.get(`/v1/households/${hid}`, worker)).json();
    expect(shown.gridId).toBe(h.regions.g1);
    expect(shown.members.find((m: { relation: string }) => m.relation === 'spouse').disability).toEqual({
      kind: 'physical',
      grade: 2,
      certificateNo: `${people.spouse.idNumber}42`,
      certifiedOn: '2020-05-01',
    });
  });
});

describe('life of a household', () => {
  it('transfers to another grid of the caller, and lists follow', async () => {
    const res = await h.post(`/v1/households/${hid}/transfer`, { toGridId: h.regions.g2, on: '2020-06-01' }, worker);
    expect(res.statusCode).toBe(200);
    expect((await h.get(`/v1/households?regionId=${h.regions.g2}`, worker)).json().items.map((i: { id: string }) => i.id)).toContain(hid);
    expect((await h.get(`/v1/households?regionId=${h.regions.g1}`, worker)).json().items.map((i: { id: string }) => i.id)).not.toContain(
      hid,
    );
  });

  it('answers 404 to a transfer into a grid outside the caller’s scope', async () => {
    const res = await h.post(`/v1/households/${hid}/transfer`, { toGridId: h.regions.g3, on: '2020-07-01' }, worker);
    expect(res.statusCode).toBe(404);
  });

  it('records a death long before today, and a dead head needs a successor', async () => {
    const refused = await h.post(`/v1/residents/${personOf('head')}/death`, { diedOn: '2020-08-15', evidence: 'data-cross-check' }, worker);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'newHeadId', rule: 'head-needs-successor' });
    const res = await h.post(
      `/v1/residents/${personOf('head')}/death`,
      { diedOn: '2020-08-15', evidence: 'data-cross-check', newHeadId: personOf('spouse') },
      worker,
    );
    expect(res.statusCode).toBe(200);
    const shown = (await h.get(`/v1/households/${hid}`, worker)).json();
    expect(shown.headId).toBe(personOf('spouse'));
    expect(shown.members.find((m: { relation: string }) => m.relation === 'head').diedOn).toBe('2020-08-15');
    const history = (await h.get(`/v1/households/${hid}/history`, worker)).json();
    const died = history.events.find((e: { envelope: { type: string } }) => e.envelope.type === 'grid-records.resident.died').envelope;
    expect(died.occurredAt).toBe('2020-08-15'); // effective date; recordedAt is today
    expect(died.recordedAt > '2020-08-16').toBe(true);
  });

  it('refuses an unknown resident as 404', async () => {
    expect((await h.post('/v1/residents/nobody/death', { diedOn: '2020-08-15', evidence: 'other' }, worker)).statusCode).toBe(404);
  });

  it('moves out of the district, after which changes are refused by rule', async () => {
    const res = await h.post(`/v1/households/${hid}/move-out`, { on: '2021-01-01' }, worker);
    expect(res.statusCode).toBe(200);
    expect((await h.get(`/v1/households/${hid}`, worker)).json()).toMatchObject({ status: 'moved-out', movedOutOn: '2021-01-01' });
    const after = await h.post(`/v1/households/${hid}/head`, { personId: personOf('child'), on: '2021-02-01' }, worker);
    expect(after.statusCode).toBe(422);
    expect(after.json().errors[0].rule).toBe('moved-out');
    expect((await h.get(`/v1/households?status=moved-out`, worker)).json()).toMatchObject({ total: 1, items: [{ id: hid }] });
  });
});

describe('published for other services', () => {
  it('relays the household’s events to its topic, keyed by stream, ciphertext only', async () => {
    const seen: { type: string; key: string; body: string }[] = [];
    const subscription = await h.infra.bus.subscribe('test-subscriber', ['grid-records.household.v1'], async (m) => {
      seen.push({ type: m.value.type, key: m.key, body: JSON.stringify(m.value) });
    });
    const deadline = Date.now() + 5000;
    while (!seen.some((m) => m.type === 'grid-records.household.moved-out') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    await subscription.close();
    const mine = seen.filter((m) => m.key === `household-${hid}`).map((m) => m.type);
    expect(mine).toEqual(
      expect.arrayContaining([
        'grid-records.household.registered',
        'grid-records.household.transferred',
        'grid-records.resident.died',
        'grid-records.household.moved-out',
      ]),
    );
    expect(seen.filter((m) => m.body.includes(people.head.idNumber) || m.body.includes(people.head.name))).toEqual([]);
  });
});
