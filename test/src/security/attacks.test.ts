// Attacks on the HTTP edge of grid-records on the embedded default, through fastify's inject (no socket: nothing
// leaves the process). Each names what a real attacker would try; each must end in a 4xx problem, never a 5xx.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { gridRecords } from '@grid/grid-records';
import { EMBEDDED_AUDIENCE, EMBEDDED_ISSUER, loadOrCreateSigningKeys, signToken, type SigningKeys } from '@grid/platform/http';
import { startServiceHarness, type ServiceHarness } from '@grid/platform/service';

let h: ServiceHarness<unknown>;
let keys: SigningKeys;
const regions: Record<string, string> = {};
let official: string;
let householdInG1: string;

beforeAll(async () => {
  h = await startServiceHarness(gridRecords as never);
  keys = await loadOrCreateSigningKeys(h.config.dataDir);
  official = await h.token('district-official', ['*'], 'city-admin');
  for (const [name, level, parent] of [['d1', 'district', null], ['s1', 'street', 'd1'], ['c1', 'community', 's1'], ['g1', 'grid', 'c1'], ['c2', 'community', 's1'], ['g2', 'grid', 'c2']] as const) {
    const res = await h.post('/v1/regions', { parentId: parent ? regions[parent] : null, level, name: `攻击${name}`, on: '2020-01-01' }, official);
    regions[name] = res.json().id;
  }
  const assigned = await h.post(`/v1/grids/${regions.g1}/workers`, { workerId: 'worker-g1', from: '2020-01-01' }, official);
  if (assigned.statusCode !== 200) throw new Error(`assigning worker-g1: ${assigned.statusCode} ${assigned.body}`);
  const worker = await h.token('grid-worker', [regions.g1!], 'worker-g1');
  const body = { gridId: regions.g1, address: '梅湾路1号', registration: 'urban', members: [{ relation: 'head', name: '王五', idNumber: '431103195203140029' }], on: '2020-01-10' };
  const registered = await h.post('/v1/households', body, worker);
  if (registered.statusCode !== 201) throw new Error(`registering the target household: ${registered.statusCode} ${registered.body}`);
  householdInG1 = registered.json().id;
}, 60_000);
afterAll(() => h.close());

const read = (token: string) => h.get(`/v1/households/${householdInG1}`, token);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claims = (over: Record<string, unknown> = {}) => ({
  sub: 'attacker', role: 'district-official', scope: ['*'], iss: EMBEDDED_ISSUER, aud: EMBEDDED_AUDIENCE,
  iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600, ...over,
});

describe('forged and misused tokens are 401', () => {
  it('alg=none, unsigned', async () => {
    expect((await read(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`)).statusCode).toBe(401);
  });

  it('HS256 keyed with the server’s public key (algorithm confusion), as PEM and as JWK text', async () => {
    for (const secret of [await exportSPKI(keys.publicKey), JSON.stringify(await exportJWK(keys.publicKey))]) {
      const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: keys.kid }).sign(createHash('sha256').update(secret).digest());
      expect((await read(token)).statusCode).toBe(401);
    }
  });

  it('an attacker’s own key embedded in the header (jwk) is not trusted', async () => {
    const own = await generateKeyPair('ES256');
    const token = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', jwk: await exportJWK(own.publicKey) }).sign(own.privateKey);
    expect((await read(token)).statusCode).toBe(401);
  });

  it('expired, issued for another issuer, or for another audience', async () => {
    const base = { sub: 'official', role: 'district-official' as const, scope: ['*'] };
    expect((await read(await signToken({ ...base, ttl: -60 }, keys))).statusCode).toBe(401);
    expect((await read(await signToken({ ...base, ttl: 600 }, keys, { issuer: 'https://evil.example' }))).statusCode).toBe(401);
    expect((await read(await signToken({ ...base, ttl: 600 }, keys, { audience: 'another-system' }))).statusCode).toBe(401);
  });

  it('a genuine key but a lifetime of 30 days', async () => {
    expect((await read(await signToken({ sub: 'o', role: 'district-official', scope: ['*'], ttl: '30 days' }, keys))).statusCode).toBe(401);
  });
});

describe('scope', () => {
  it('a grid worker of another grid gets 404, exactly as for a household that does not exist', async () => {
    expect((await read(await h.token('grid-worker', [regions.g1!], 'worker-g1'))).statusCode).toBe(200);
    const other = await h.token('grid-worker', [regions.g2!], 'worker-g2');
    const res = await read(other);
    const missing = await h.get('/v1/households/00000000-0000-4000-8000-000000000000', other);
    expect([res.statusCode, res.json().type]).toEqual([missing.statusCode, missing.json().type]);
    expect(res.statusCode).toBe(404);
  });

  it('a genuine grid-worker token for the grid shows nobody in clear unless the worker is on its roster, and not after it ends', async () => {
    const idNumber = '431103195203140029';
    const token = await h.token('grid-worker', [regions.g1!], 'worker-insider');
    expect((await read(token)).json().disclosure).toBe('masked');
    expect((await read(token)).body).not.toContain(idNumber);
    expect((await h.post(`/v1/grids/${regions.g1}/workers`, { workerId: 'worker-insider', from: '2020-01-01' }, official)).statusCode).toBe(200);
    expect((await read(token)).body).toContain(idNumber);
    expect((await h.post(`/v1/grids/${regions.g1}/workers/worker-insider/end`, { until: '2021-01-01' }, official)).statusCode).toBe(200);
    expect((await read(token)).json().disclosure).toBe('masked');
    expect((await read(token)).body).not.toContain(idNumber);
  });

  it('a genuine grid-worker token for the grid writes nothing unless the worker is on its roster, and nothing after it ends', async () => {
    const token = await h.token('grid-worker', [regions.g1!], 'worker-writer');
    const register = (idNumber: string) =>
      h.post('/v1/households', { gridId: regions.g1, address: '梅湾路2号', registration: 'urban', members: [{ relation: 'head', name: '赵六', idNumber }], on: '2020-01-10' }, token);
    const headOfTarget = (await read(official)).json().members[0].personId as string;
    const recordDeath = () => h.post(`/v1/residents/${headOfTarget}/death`, { diedOn: '2020-08-15', evidence: 'other' }, token);
    const refusedOffRoster = (res: Awaited<ReturnType<typeof register>>) => {
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors.map((e: { rule: string }) => e.rule)).toEqual(['not-on-roster']);
    };
    refusedOffRoster(await register('110101199003074514'));
    refusedOffRoster(await recordDeath());
    expect((await h.post(`/v1/grids/${regions.g1}/workers`, { workerId: 'worker-writer', from: '2020-01-01' }, official)).statusCode).toBe(200);
    expect((await register('110101199003074514')).statusCode).toBe(201);
    expect((await h.post(`/v1/grids/${regions.g1}/workers/worker-writer/end`, { until: '2021-01-01' }, official)).statusCode).toBe(200);
    refusedOffRoster(await register('110101199003075816'));
    refusedOffRoster(await recordDeath());
    expect((await read(official)).json().members[0].diedOn).toBeNull();
  });
});

describe('bodies', () => {
  it('JSON nested 2 000 deep with an Idempotency-Key is 400 json-too-deep, not a 500', async () => {
  const worker = await h.token('grid-worker', [regions.g1!], 'worker-g1');
    const res = await h.fastify.inject({
      method: 'POST', url: '/v1/households',
      headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/json', 'idempotency-key': 'deep-attack' },
      payload: `{"members":${'['.repeat(2000)}${']'.repeat(2000)}}`,
    });
    expect([res.statusCode, res.json().errors[0].rule]).toEqual([400, 'json-too-deep']);
  });

  it('10 000 fuzzed bodies (seeded, within 90 s) each get a 4xx problem or a success, never a 5xx', async () => {
  const worker = await h.token('grid-worker', [regions.g1!], 'worker-g1');
    const valid = JSON.stringify({ gridId: regions.g1, address: '梅湾路2号', registration: 'urban', members: [{ relation: 'head', name: '李四', idNumber: '43110319500802003X' }], on: '2020-01-10' });
    const mutated = fc.tuple(fc.nat({ max: valid.length }), fc.nat({ max: 8 }), fc.string({ maxLength: 8 })).map(([at, cut, text]) => `${valid.slice(0, at)}${text}${valid.slice(at + cut)}`);
    const bodies = fc.sample(fc.oneof(mutated, fc.json({ maxDepth: 6 }), fc.string({ maxLength: 64 })), { numRuns: 10_000, seed: 12 });
    const until = Date.now() + 90_000;
    const fives: string[] = [];
    let sent = 0;
    for (const payload of bodies) {
      if (Date.now() > until) break;
      const res = await h.fastify.inject({ method: 'POST', url: '/v1/households', headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/json' }, payload });
      sent += 1;
      if (res.statusCode >= 500) fives.push(payload);
      else if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect({ sent: sent > 0, fives }).toEqual({ sent: true, fives: [] });
  }, 120_000);
});
