import { DEFAULT_IDEMPOTENCY_OPTIONS, IDEMPOTENCY_COLLECTION } from '../../src/http';
import { makeIdNumber, startTestApp, testHooks, type TestApp } from './test-app';

let t: TestApp;
let worker: string;
beforeAll(async () => {
  t = await startTestApp();
  worker = await t.token('grid-worker', ['c1']);
});
afterAll(() => t.close());

const post = (url: string, body: unknown, headers: Record<string, string> = {}, token = worker) =>
  t.fastify.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
const household = (id: string) => ({ householdId: id, regionId: 'g1', headName: '王五', idNumber: makeIdNumber(), on: '2026-03-01' });

describe('ETag and If-Match', () => {
  it('round-trips the stream revision: ETag on read, If-Match on write, 412 when stale', async () => {
    const created = await post('/households', household('h-etag'));
    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe('/households/h-etag');
    expect(created.headers.etag).toBe('"0"');

    const read = await t.fastify.inject({ method: 'GET', url: '/households/h-etag', headers: { authorization: `Bearer ${worker}` } });
    expect(read.headers.etag).toBe('"0"');

    const first = await post('/households/h-etag/visits', { on: '2026-04-01' }, { 'if-match': read.headers.etag as string });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"1"');

    const stale = await post('/households/h-etag/visits', { on: '2026-04-02' }, { 'if-match': read.headers.etag as string });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ status: 412, errors: [{ field: 'If-Match', rule: 'if-match-mismatch' }] });
    expect((await t.store.readStream('household-h-etag')).length).toBe(2);
  });

  it('treats a weak or malformed If-Match as not matching (412), and * as no condition', async () => {
    await post('/households', household('h-weak'));
    expect((await post('/households/h-weak/visits', { on: '2026-04-01' }, { 'if-match': 'W/"0"' })).statusCode).toBe(412);
    expect((await post('/households/h-weak/visits', { on: '2026-04-01' }, { 'if-match': 'zero' })).statusCode).toBe(412);
    expect((await post('/households/h-weak/visits', { on: '2026-04-01' }, { 'if-match': '*' })).statusCode).toBe(200);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer (status, body, Location, ETag) for the same key and body', async () => {
    const body = household('h-idem');
    const first = await post('/households', body, { 'idempotency-key': 'k-1' });
    const again = await post('/households', body, { 'idempotency-key': 'k-1' });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await t.store.readStream('household-h-idem')).length).toBe(1);
  });

  it('answers 422 idempotency-key-reused for the same key with another body', async () => {
    await post('/households', household('h-reuse-1'), { 'idempotency-key': 'k-2' });
    const res = await post('/households', household('h-reuse-2'), { 'idempotency-key': 'k-2' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ field: 'Idempotency-Key', rule: 'idempotency-key-reused' });
    expect(await t.store.readStream('household-h-reuse-2')).toEqual([]);
  });

  it('keeps keys per caller', async () => {
    const other = await t.token('grid-worker', ['c1'], 'worker-2');
    await post('/households', household('h-per-1'), { 'idempotency-key': 'k-3' });
    const res = await post('/households', household('h-per-2'), { 'idempotency-key': 'k-3' }, other);
    expect(res.statusCode).toBe(201);
  });

  it('answers 409 to a duplicate while the first is still in flight', async () => {
    let release!: () => void;
    testHooks.gate = new Promise((resolve) => (release = resolve));
    const first = post('/slow', { n: 1 }, { 'idempotency-key': 'k-4' });
    while (testHooks.calls === 0) await new Promise((r) => setImmediate(r));
    const twin = await post('/slow', { n: 1 }, { 'idempotency-key': 'k-4' });
    expect(twin.statusCode).toBe(409);
    expect(twin.json().errors[0].rule).toBe('idempotency-request-in-flight');
    // The twin is told when the first one's lease runs out: at most the lease, what a write can take.
    expect(Number(twin.headers['retry-after'])).toBeGreaterThan(1);
    expect(Number(twin.headers['retry-after'])).toBeLessThanOrEqual(DEFAULT_IDEMPOTENCY_OPTIONS.leaseMs / 1000);
    release();
    testHooks.gate = null;
    expect((await first).statusCode).toBe(201);
    const replay = await post('/slow', { n: 1 }, { 'idempotency-key': 'k-4' });
    expect(replay.json()).toEqual({ n: 1, call: 1 });
    expect(testHooks.calls).toBe(1);
  });

  it('tells a retry after a crash the real time left on the lease', async () => {
    let release!: () => void;
    testHooks.gate = new Promise((resolve) => (release = resolve));
    const first = post('/slow', { n: 2 }, { 'idempotency-key': 'k-crash' });
    while (testHooks.calls === 1) await new Promise((r) => setImmediate(r));
    // As a process that died mid-request would leave it: in flight, with 40 s of its lease left.
    const records = t.documents.collection<{ _id: string; state: string; leaseUntil: string }>(IDEMPOTENCY_COLLECTION);
    const claim = (await records.find()).find((r) => r.state === 'in-flight')!;
    await records.put({ ...claim, leaseUntil: new Date(Date.now() + 40_000).toISOString() });
    const retry = await post('/slow', { n: 2 }, { 'idempotency-key': 'k-crash' });
    expect(retry.statusCode).toBe(409);
    expect(Number(retry.headers['retry-after'])).toBeGreaterThan(30);
    expect(Number(retry.headers['retry-after'])).toBeLessThanOrEqual(40);
    release();
    testHooks.gate = null;
    await first;
  });

  it('does not remember failures: a retry after an error runs again', async () => {
    const bad = await post('/households/h-missing/visits', { on: '2026-04-01' }, { 'idempotency-key': 'k-5' });
    expect(bad.statusCode).toBe(404);
    await post('/households', household('h-missing'));
    const retry = await post('/households/h-missing/visits', { on: '2026-04-01' }, { 'idempotency-key': 'k-5' });
    expect(retry.statusCode).toBe(200);
  });

  it('gives the events of a keyed request stable ids, so a lost answer cannot double-append', async () => {
    await post('/households', household('h-ids'), { 'idempotency-key': 'k-6' });
    const [event] = await t.store.readStream('household-h-ids');
    await t.documents.collection(IDEMPOTENCY_COLLECTION).drop(); // the stored answer is lost
    const again = await post('/households', household('h-ids'), { 'idempotency-key': 'k-6' });
    expect(again.statusCode).toBe(422); // decided again on the new state: already registered
    expect((await t.store.readStream('household-h-ids')).map((e) => e.eventId)).toEqual([event!.eventId]);
  });

  it('ignores expired records', async () => {
    await post('/households', household('h-exp'), { 'idempotency-key': 'k-7' });
    const records = t.documents.collection(IDEMPOTENCY_COLLECTION);
    for (const r of await records.find()) await records.put({ ...r, expiresAt: '2000-01-01T00:00:00.000Z' });
    const res = await post('/households', household('h-exp-2'), { 'idempotency-key': 'k-7' });
    expect(res.statusCode).toBe(201);
  });

  it('refuses a malformed key with 400', async () => {
    const res = await post('/households', household('h-key'), { 'idempotency-key': 'x'.repeat(300) });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'Idempotency-Key', rule: 'idempotency-key-format' });
  });
});
