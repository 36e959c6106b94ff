import { stat } from 'node:fs/promises';
import { SignJWT, generateKeyPair } from 'jose';
import { signToken, signingKeyPath, loadOrCreateSigningKeys, EMBEDDED_AUDIENCE, EMBEDDED_ISSUER } from '../../src/http';
import { makeIdNumber, startTestApp, type TestApp } from './test-app';

let t: TestApp;
let worker: string;
beforeAll(async () => {
  t = await startTestApp();
  worker = await t.token('grid-worker', ['c1']);
  // g1 lies in c1 (the worker's community); g3 lies in c2, outside it
  for (const [id, regionId] of [['h-in', 'g1'], ['h-out', 'g3']] as const) {
    const admin = await t.token('grid-worker', ['d1'], 'admin');
    const res = await t.fastify.inject({
      method: 'POST',
      url: '/households',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      payload: { householdId: id, regionId, headName: '李四', idNumber: makeIdNumber(), on: '2026-03-01' },
    });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(() => t.close());

const get = (url: string, token?: string) => t.fastify.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('authentication', () => {
  it('answers 401 with a Bearer challenge when no token is sent', async () => {
    const res = await get('/households/h-in');
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="grid"');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors[0].rule).toBe('unauthenticated');
  });

  it('answers 401 invalid_token for garbage, a foreign key and an expired token', async () => {
    const foreign = await generateKeyPair('ES256');
    const forged = await new SignJWT({ role: 'grid-worker', scope: ['c1'] })
      .setProtectedHeader({ alg: 'ES256' }).setSubject('mallory').setIssuer(EMBEDDED_ISSUER).setAudience(EMBEDDED_AUDIENCE).setExpirationTime('5m')
      .sign(foreign.privateKey);
    const keys = await loadOrCreateSigningKeys(t.config.dataDir);
    const expired = await signToken({ sub: 'w', role: 'grid-worker', scope: ['c1'], ttl: -60 }, keys);
    const wrongAudience = await signToken({ sub: 'w', role: 'grid-worker', scope: ['c1'], ttl: 60 }, keys, { audience: 'someone-else' });
    for (const token of ['abc', forged, expired, wrongAudience]) {
      const res = await get('/households/h-in', token);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="grid", error="invalid_token"');
    }
    const basic = await t.fastify.inject({ method: 'GET', url: '/households/h-in', headers: { authorization: 'Basic dTpw' } });
    expect(basic.statusCode).toBe(401);
  });

  it('answers 401 for a validly signed token without the grid claims', async () => {
    const keys = await loadOrCreateSigningKeys(t.config.dataDir);
    const token = await new SignJWT({ role: 'mayor' }).setProtectedHeader({ alg: keys.alg }).setSubject('x').setIssuer(EMBEDDED_ISSUER).setAudience(EMBEDDED_AUDIENCE).setExpirationTime('5m').sign(keys.privateKey);
    expect((await get('/households/h-in', token)).statusCode).toBe(401);
  });

  it('answers 401 to a well-formed token whose role no service here registered', async () => {
    const token = await t.token('election-committee', ['d1']);
    expect((await get('/households/h-in', token)).statusCode).toBe(401);
  });

  it('keeps the embedded signing key in the data folder, readable by the owner only', async () => {
    const mode = (await stat(signingKeyPath(t.config.dataDir))).mode & 0o777;
    expect(mode).toBe(0o600);
    const again = await loadOrCreateSigningKeys(t.config.dataDir);
    expect(again.kid).toBe((await loadOrCreateSigningKeys(t.config.dataDir)).kid);
  });

  it('lets public routes through without a token', async () => {
    expect((await get('/health')).statusCode).toBe(200);
  });
});

describe('authorisation', () => {
  it('answers 403 to a role the route does not admit', async () => {
    const auditor = await t.token('auditor', ['d1']);
    const res = await t.fastify.inject({ method: 'POST', url: '/households/h-in/visits', headers: { authorization: `Bearer ${auditor}`, 'content-type': 'application/json' }, payload: { on: '2026-04-01' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ status: 403, errors: [{ rule: 'role-not-allowed' }] });
  });

  it('serves a household inside the caller’s scope, also to a wider scope above it', async () => {
    expect((await get('/households/h-in', worker)).statusCode).toBe(200);
    expect((await get('/households/h-in', await t.token('community-official', ['s1']))).statusCode).toBe(200);
    expect((await get('/households/h-out', await t.token('auditor', ['*']))).statusCode).toBe(200);
  });

  it('answers out of scope exactly like missing: 404, same body', async () => {
    const outside = await get('/households/h-out', worker);
    const missing = await get('/households/h-none', worker);
    expect(outside.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    const { instance: _a, correlationId: _b, ...outsideBody } = outside.json();
    const { instance: _c, correlationId: _d, ...missingBody } = missing.json();
    expect(outsideBody).toEqual(missingBody);
    expect(Object.keys(outside.headers).sort()).toEqual(Object.keys(missing.headers).sort());
  });

  it('refuses a write into a region outside the caller’s scope as 404', async () => {
    const res = await t.fastify.inject({ method: 'POST', url: '/households/h-out/visits', headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/json' }, payload: { on: '2026-04-01' } });
    expect(res.statusCode).toBe(404);
    expect((await t.store.readStream('household-h-out')).length).toBe(1);
  });

  it('checks a region in the path before the handler runs (ScopeGuard)', async () => {
    expect((await get('/regions/g2/summary', worker)).json()).toEqual({ regionId: 'g2' });
    const outside = await get('/regions/g3/summary', worker);
    const unknown = await get('/regions/zz/summary', worker);
    expect(outside.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(outside.json().errors).toEqual(unknown.json().errors);
  });
});
