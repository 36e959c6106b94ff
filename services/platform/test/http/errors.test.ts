import { connect, type AddressInfo } from 'node:net';
import { startTestApp, makeIdNumber, type TestApp } from './test-app';

let t: TestApp;
let worker: string;
beforeAll(async () => {
  t = await startTestApp();
  worker = await t.token('grid-worker', ['c1']);
});
afterAll(() => t.close());

const json = (token: string, body: unknown) => ({ headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
const household = (id: string, extra: Record<string, unknown> = {}) => ({ householdId: id, regionId: 'g1', headName: '张三', idNumber: makeIdNumber(), on: '2026-03-01', ...extra });

describe('errors are problem+json', () => {
  it('names the field and the rule of a schema violation (400)', async () => {
    const res = await t.fastify.inject({ method: 'POST', url: '/households', ...json(worker, household('h-bad', { idNumber: '110105194912310021', on: '2026-13-01' })) });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ type: 'urn:grid:problem:validation-failed', title: 'Bad Request', status: 400, instance: '/households' });
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'idNumber', rule: 'gb11643' }),
        expect.objectContaining({ field: 'on', rule: 'invalid_format' }),
      ]),
    );
  });

  it('answers an unknown query parameter with 400 naming it, rather than ignoring it', async () => {
    const res = await t.fastify.inject({ method: 'GET', url: '/households/h-any?asOf=2026-07-01', headers: { authorization: `Bearer ${worker}` } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: 'query.asOf', rule: 'unknown-parameter' })]);
  });

  it('prefixes path parameters in field names', async () => {
    const res = await t.fastify.inject({ method: 'GET', url: '/households/NOT_VALID', headers: { authorization: `Bearer ${worker}` } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'params.householdId', rule: 'invalid_format' });
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t.fastify.inject({ method: 'POST', url: '/households', headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/json' }, payload: '{"householdId": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ status: 400, errors: [{ rule: 'malformed-json' }] });
  });

  it('answers a prototype-poisoning body with 400', async () => {
    const res = await t.fastify.inject({ method: 'POST', url: '/households', headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/json' }, payload: '{"__proto__": {"x": 1}}' });
    expect(res.statusCode).toBe(400);
  });

  it('answers another content type with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await t.fastify.inject({ method: 'POST', url: '/households', headers: { authorization: `Bearer ${worker}`, 'content-type': type }, payload: 'householdId=h1' });
      expect(res.statusCode).toBe(415);
      expect(res.json()).toMatchObject({ status: 415, errors: [{ rule: 'unsupported-media-type' }] });
    }
  });

  it('answers an oversized body with 413', async () => {
    const res = await t.fastify.inject({ method: 'POST', url: '/households', ...json(worker, household('h-big', { headName: 'x'.repeat(10_000) })) });
    expect(res.statusCode).toBe(413);
    expect(res.json().errors[0].rule).toBe('payload-too-large');
  });

  it('answers a missing body with 400 naming the body', async () => {
    const res = await t.fastify.inject({ method: 'POST', url: '/households', headers: { authorization: `Bearer ${worker}` } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: '', rule: 'invalid_type' });
  });

  it('answers a domain refusal with 422 and the rule, its field and source', async () => {
    await t.fastify.inject({ method: 'POST', url: '/households', ...json(worker, household('h-ref')) });
    const res = await t.fastify.inject({ method: 'POST', url: '/households/h-ref/visits', ...json(worker, { on: '2026-02-01' }) });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      type: 'urn:grid:problem:refused',
      status: 422,
      detail: 'a visit cannot precede registration',
      errors: [{ field: 'on', rule: 'visit-before-registration', source: '网格化服务管理规范 5.2' }],
    });
  });

  it('answers an exhausted internal race with 409', async () => {
    await t.fastify.inject({ method: 'POST', url: '/households', ...json(worker, household('h-race')) });
    t.store.interfere = true;
    try {
      const res = await t.fastify.inject({ method: 'POST', url: '/households/h-race/visits', ...json(worker, { on: '2026-04-01' }) });
      expect(res.statusCode).toBe(409);
      expect(res.json().errors[0].rule).toBe('concurrency-conflict');
    } finally {
      t.store.interfere = false;
    }
  });

  describe('errors the router raises before any route runs are problem+json too, without echoing the URL', () => {
    const problemWithout = (res: { statusCode: number; headers: Record<string, unknown>; body: string }, echo: string) => {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).not.toContain(echo);
      return { status: res.statusCode, rule: (JSON.parse(res.body) as { errors: { rule: string }[] }).errors[0]?.rule };
    };

    it('a path parameter longer than the router takes is 414', async () => {
      const long = 'x'.repeat(300);
      const res = await t.fastify.inject({ method: 'GET', url: `/households/${long}`, headers: { authorization: `Bearer ${worker}` } });
      expect(problemWithout(res, long)).toEqual({ status: 414, rule: 'uri-too-long' });
    });

    it('a URL that does not decode is 400', async () => {
      const res = await t.fastify.inject({ method: 'GET', url: '/households/%E0%A4%A', headers: { authorization: `Bearer ${worker}` } });
      expect(problemWithout(res, '%E0%A4%A')).toEqual({ status: 400, rule: 'bad-url' });
    });

    it('a request the HTTP parser rejects is 400 problem+json on the socket', async () => {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = t.fastify.server.address() as AddressInfo;
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => socket.write('GET /households HTTP/1.1\r\nHost: x\r\nNot a header line\r\n\r\n'));
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toMatch(/content-type: application\/problem\+json/i);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, errors: [{ rule: 'malformed-request' }] });
    });

    it('an unknown route is 404 without the path it was asked for', async () => {
      const res = await t.fastify.inject({ method: 'GET', url: '/no-such-route-here', headers: { authorization: `Bearer ${worker}` } });
      expect(problemWithout(res, 'no-such-route-here')).toEqual({ status: 404, rule: 'not-found' });
    });
  });

  it('answers an unknown route with the same 404 as a missing resource', async () => {
    const missing = await t.fastify.inject({ method: 'GET', url: '/households/nobody', headers: { authorization: `Bearer ${worker}` } });
    const route = await t.fastify.inject({ method: 'GET', url: '/no/such/route', headers: { authorization: `Bearer ${worker}` } });
    expect(missing.statusCode).toBe(404);
    expect(route.statusCode).toBe(404);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined, correlationId: undefined });
    expect(strip(route.json())).toEqual(strip(missing.json()));
  });

  it('answers an unexpected error with 500 without internals, logged under the correlation id', async () => {
    const res = await t.fastify.inject({ method: 'POST', url: '/boom', ...json(worker, { idNumber: makeIdNumber() }), headers: { ...json(worker, {}).headers, 'x-correlation-id': 'boom-1' } });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body).toMatchObject({ status: 500, type: 'urn:grid:problem:internal-error', correlationId: 'boom-1' });
    expect(JSON.stringify(body)).not.toMatch(/lookup failed|13812345678|Error:|at /);
    const line = t.logLines.map((l) => JSON.parse(l)).find((l) => l.correlationId === 'boom-1' && l.err);
    expect(line).toBeDefined();
    expect(line.err.message).toBe('lookup failed for [redacted] (phone [redacted])');
  });
});
