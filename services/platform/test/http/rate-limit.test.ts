import { startTestApp, type TestApp } from './test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { HTTP_RATE_LIMIT_PER_MINUTE: '5' } });
});
afterAll(() => t.close());

const get = (token?: string) => t.fastify.inject({ method: 'GET', url: '/households/h-none', headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('per-caller rate limit', () => {
  it('a caller over the limit gets 429 problem+json with Retry-After; another caller is not held back', async () => {
    const busy = await t.token('grid-worker', ['c1'], 'busy-worker');
    const other = await t.token('grid-worker', ['c1'], 'other-worker');
    const statuses = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await get(busy)).statusCode);
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    const limited = await get(busy);
    expect([limited.statusCode, limited.headers['content-type']]).toEqual([429, expect.stringMatching(/^application\/problem\+json/)]);
    expect(limited.json().errors[0]).toMatchObject({ rule: 'rate-limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await get(other)).statusCode).not.toBe(429);
  });

  it('a new token for the same subject shares its limit: the key is the verified subject, not the token text', async () => {
    const first = await t.token('grid-worker', ['c1'], 'rotating-worker');
    for (let i = 0; i < 5; i += 1) await get(first);
    const fresh = await t.token('grid-worker', ['c2'], 'rotating-worker');
    expect((await get(fresh)).statusCode).toBe(429);
  });
});
