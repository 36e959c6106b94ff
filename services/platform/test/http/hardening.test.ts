import { IDEMPOTENCY_COLLECTION } from '../../src/http';
import { makeIdNumber, startTestApp, type TestApp } from './test-app';

let t: TestApp;
let worker: string;
beforeAll(async () => {
  t = await startTestApp();
  worker = await t.token('grid-worker', ['c1']);
});
afterAll(() => t.close());

const post = (payload: string, headers: Record<string, string> = {}) =>
  t.fastify.inject({ method: 'POST', url: '/households', headers: { 'content-type': 'application/json', ...headers }, payload });
const household = (id: string) => ({ householdId: id, regionId: 'g1', headName: '王五', idNumber: makeIdNumber(), on: '2026-03-01' });
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('JSON depth', () => {
  it.each([[33], [2000]])('a body nested %i deep is 400 json-too-deep before it is parsed, with or without an Idempotency-Key', async (depth) => {
    for (const key of [{}, { 'idempotency-key': `deep-${depth}` }] as Record<string, string>[]) {
      const res = await post(`{"householdId":${nested(depth)}}`, { authorization: `Bearer ${worker}`, ...key });
      expect([res.statusCode, res.headers['content-type']]).toEqual([400, expect.stringMatching(/^application\/problem\+json/)]);
      expect(res.json().errors[0]).toMatchObject({ field: 'body', rule: 'json-too-deep' });
    }
  });

  it('brackets inside strings are text, not depth', async () => {
    const res = await post(JSON.stringify({ ...household('h-brackets'), headName: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[' }), { authorization: `Bearer ${worker}` });
    expect(res.json().errors?.[0]?.rule).not.toBe('json-too-deep');
  });
});

describe('authentication comes before the body', () => {
  it('a body without a token is 401, never parsed (malformed JSON is not even noticed)', async () => {
    const res = await post('{"not json', {});
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('a body with a forged token is 401 before parsing', async () => {
    const res = await post('{"not json', { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' });
    expect(res.statusCode).toBe(401);
  });

  it('with a valid token the body is parsed and judged as before', async () => {
    expect((await post('{"not json', { authorization: `Bearer ${worker}` })).json().errors[0].rule).toBe('malformed-json');
  });
});

describe('Idempotency-Key records', () => {
  it('expired records are deleted, not only ignored', async () => {
    const records = t.documents.collection(IDEMPOTENCY_COLLECTION);
    await records.put({ _id: 'old', state: 'done', fingerprint: 'f', leaseUntil: '2000-01-01T00:00:00.000Z', expiresAt: '2000-01-02T00:00:00.000Z' });
    const res = await post(JSON.stringify(household('h-sweep')), { authorization: `Bearer ${worker}`, 'idempotency-key': 'sweep-1' });
    expect(res.statusCode).toBe(201);
    expect(await records.get('old')).toBeNull();
  });
});
