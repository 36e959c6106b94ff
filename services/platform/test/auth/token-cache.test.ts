import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWTPayload } from 'jose';
import { loadConfig } from '../../src/config/config';
import { createTokenVerifier, InvalidTokenError, JoseTokenVerifier } from '../../src/auth/token-verifier';
import { TOKEN_CACHE_MAX_AGE_MS, TOKEN_CACHE_SIZE, VerifiedTokenCache } from '../../src/auth/verified-token-cache';
import type { Principal } from '../../src/auth/principal';

// A fixed instant: the verifier's injected clock drives both jose's claim checks and the cache.
const T0 = 1_800_000_000_000;
const T0_SECONDS = T0 / 1000;
const ISSUER = 'https://idp.example';
const AUDIENCE = 'grid';

let keys: { publicKey: CryptoKey; privateKey: CryptoKey };
beforeAll(async () => {
  keys = await generateKeyPair('ES256');
});
afterEach(() => jest.restoreAllMocks());

const sign = (claims: JWTPayload & { exp: number }, extra: { role?: string; audience?: string } = {}) =>
  new SignJWT({ role: extra.role ?? 'district-official', scope: ['d1'], ...claims })
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject(typeof claims.sub === 'string' ? claims.sub : 'official-7')
    .setIssuer(ISSUER)
    .setAudience(extra.audience ?? AUDIENCE)
    .setIssuedAt(T0_SECONDS)
    .sign(keys.privateKey);

/** A verifier whose signature checks are counted: jose asks the key function once per verification. */
function countingVerifier(options: { cacheSize?: number; audience?: string } = {}) {
  const clock = { now: T0 };
  const getKey = jest.fn(async () => keys.publicKey);
  const verifier = new JoseTokenVerifier(getKey, { issuer: ISSUER, audience: options.audience ?? AUDIENCE, now: () => clock.now, ...(options.cacheSize === undefined ? {} : { cacheSize: options.cacheSize }) });
  return { verifier, getKey, clock };
}

/** One character changed where it changes the decoded bytes (not a padding bit at a segment's end). */
function tamper(token: string, segment: 1 | 2): string {
  const parts = token.split('.');
  const text = parts[segment]!;
  const at = Math.floor(text.length / 2);
  parts[segment] = `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
  return parts.join('.');
}

describe('JoseTokenVerifier with its cache of verified tokens', () => {
  it('checks the signature of a token once, then serves it from the cache', async () => {
    const { verifier, getKey } = countingVerifier();
    const token = await sign({ exp: T0_SECONDS + 300 });
    const first = await verifier.verify(token);
    const again = await verifier.verify(token);
    expect(again).toEqual({ sub: 'official-7', role: 'district-official', scope: ['d1'] });
    expect(again).toEqual(first);
    expect(getKey).toHaveBeenCalledTimes(1);
    // Each request gets its own principal: changing one does not leak into the next request.
    again.scope.push('d2');
    expect((await verifier.verify(token)).scope).toEqual(['d1']);
    expect(getKey).toHaveBeenCalledTimes(1);
  });

  it('refuses a cached token from its exp on, exactly when jose would', async () => {
    const { verifier, getKey, clock } = countingVerifier();
    const exp = T0_SECONDS + 30;
    const token = await sign({ exp });
    await verifier.verify(token);
    clock.now = exp * 1000 - 1; // the last millisecond before exp
    expect((await verifier.verify(token)).sub).toBe('official-7');
    expect(getKey).toHaveBeenCalledTimes(1);
    clock.now = exp * 1000;
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
    clock.now = exp * 1000 + 3_600_000;
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a cached token before its nbf when the clock is stepped back', async () => {
    const { verifier, clock } = countingVerifier();
    const nbf = T0_SECONDS + 10;
    const token = await sign({ exp: T0_SECONDS + 300, nbf });
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError); // not yet valid: not cached
    clock.now = nbf * 1000;
    await verifier.verify(token);
    clock.now = nbf * 1000 - 1000;
    await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it(`re-verifies a token at the latest ${TOKEN_CACHE_MAX_AGE_MS / 1000} s after its last signature check`, async () => {
    const { verifier, getKey, clock } = countingVerifier();
    const token = await sign({ exp: T0_SECONDS + 3600 });
    await verifier.verify(token);
    clock.now = T0 + TOKEN_CACHE_MAX_AGE_MS;
    await verifier.verify(token);
    expect(getKey).toHaveBeenCalledTimes(1); // hits do not extend the entry's life …
    clock.now = T0 + TOKEN_CACHE_MAX_AGE_MS + 1;
    await verifier.verify(token);
    expect(getKey).toHaveBeenCalledTimes(2); // … so a withdrawn key (JWKS rotation) stops working in bounded time
    await verifier.verify(token);
    expect(getKey).toHaveBeenCalledTimes(2);
  });

  it('refuses a cached token with one character changed, in the payload or the signature', async () => {
    const { verifier, getKey } = countingVerifier();
    const token = await sign({ exp: T0_SECONDS + 300 });
    await verifier.verify(token);
    for (const forged of [tamper(token, 1), tamper(token, 2)]) {
      expect(forged).not.toBe(token);
      await expect(verifier.verify(forged)).rejects.toBeInstanceOf(InvalidTokenError);
    }
    expect(getKey).toHaveBeenCalledTimes(3);
    expect((await verifier.verify(token)).sub).toBe('official-7');
    expect(getKey).toHaveBeenCalledTimes(3);
  });

  it('never caches a failure: bad claims, a wrong audience and a foreign key are checked every time', async () => {
    const { verifier, getKey } = countingVerifier();
    const foreign = await generateKeyPair('ES256');
    const badRole = await sign({ exp: T0_SECONDS + 300 }, { role: 'Mayor of X' });
    const otherAudience = await sign({ exp: T0_SECONDS + 300 }, { audience: 'someone-else' });
    const forged = await new SignJWT({ role: 'district-official', scope: ['d1'] })
      .setProtectedHeader({ alg: 'ES256' }).setSubject('mallory').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime(T0_SECONDS + 300)
      .sign(foreign.privateKey);
    for (const token of [badRole, otherAudience, forged]) {
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
    }
    expect(getKey).toHaveBeenCalledTimes(6);
  });

  it('caches per verifier: a token cached under one audience is no pass for another', async () => {
    const grid = countingVerifier();
    const other = countingVerifier({ audience: 'other' });
    const token = await sign({ exp: T0_SECONDS + 300 });
    await grid.verifier.verify(token);
    await expect(other.verifier.verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('keeps at most cacheSize tokens, dropping the least recently used', async () => {
    const { verifier, getKey } = countingVerifier({ cacheSize: 2 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((sub) => sign({ sub, exp: T0_SECONDS + 300 })));
    await verifier.verify(a!);
    await verifier.verify(b!);
    await verifier.verify(a!); // a is now the most recent
    await verifier.verify(c!); // evicts b
    expect(getKey).toHaveBeenCalledTimes(3);
    expect((await verifier.verify(a!)).sub).toBe('a');
    expect(getKey).toHaveBeenCalledTimes(3);
    expect((await verifier.verify(b!)).sub).toBe('b');
    expect(getKey).toHaveBeenCalledTimes(4);
  });

  it('verifies every time with cacheSize 0', async () => {
    const { verifier, getKey } = countingVerifier({ cacheSize: 0 });
    const token = await sign({ exp: T0_SECONDS + 300 });
    await verifier.verify(token);
    await verifier.verify(token);
    expect(getKey).toHaveBeenCalledTimes(2);
  });

  it('is on in the verifier the HTTP app builds: one WebCrypto signature check for a repeated token', async () => {
    const verify = jest.spyOn(crypto.subtle, 'verify');
    const verifier = await createTokenVerifier(
      loadConfig({ DATA_DIR: '/nonexistent/never-used', JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE, JWT_PUBLIC_KEY: JSON.stringify(await exportJWK(keys.publicKey)) }),
    );
    const token = await new SignJWT({ role: 'grid-worker', scope: ['c1'] })
      .setProtectedHeader({ alg: 'ES256' }).setSubject('w').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m')
      .sign(keys.privateKey);
    for (let i = 0; i < 3; i += 1) expect((await verifier.verify(token)).role).toBe('grid-worker');
    expect(verify).toHaveBeenCalledTimes(1);
    await expect(verifier.verify(tamper(token, 2))).rejects.toBeInstanceOf(InvalidTokenError);
    expect(verify).toHaveBeenCalledTimes(2);
  });
});

describe('VerifiedTokenCache', () => {
  const principal = (sub: string): Principal => ({ sub, role: 'grid-worker', scope: ['c1'] });

  it(`holds at most its capacity (default ${TOKEN_CACHE_SIZE})`, () => {
    const cache = new VerifiedTokenCache();
    for (let i = 0; i < TOKEN_CACHE_SIZE + 5; i += 1) cache.set(`token-${i}`, principal(`s${i}`), { exp: T0_SECONDS + 300 }, T0);
    expect(cache.size).toBe(TOKEN_CACHE_SIZE);
    expect(cache.get('token-0', T0)).toBeUndefined();
    expect(cache.get(`token-${TOKEN_CACHE_SIZE + 4}`, T0)?.sub).toBe(`s${TOKEN_CACHE_SIZE + 4}`);
  });

  it('applies the clock tolerance on both sides, as jose does', () => {
    const cache = new VerifiedTokenCache(10, 30);
    const exp = T0_SECONDS + 10; // close to T0, so the 60 s maximum age is not what ends the entry
    cache.set('t', principal('s'), { exp, nbf: T0_SECONDS }, T0);
    expect(cache.get('t', (exp + 29) * 1000)?.sub).toBe('s');
    expect(cache.get('t', (exp + 30) * 1000)).toBeUndefined();
    cache.set('n', principal('n'), { exp, nbf: T0_SECONDS + 40 }, T0);
    expect(cache.get('n', T0 + 10_000)?.sub).toBe('n'); // nbf - 30 s is within the tolerance
    cache.set('n', principal('n'), { exp, nbf: T0_SECONDS + 40 }, T0);
    expect(cache.get('n', T0 + 9_000)).toBeUndefined();
  });

  it('keeps its own copy of the principal it was given', () => {
    const cache = new VerifiedTokenCache(10);
    const given = principal('s');
    cache.set('t', given, { exp: T0_SECONDS + 300 }, T0);
    given.scope.push('everything');
    expect(cache.get('t', T0)?.scope).toEqual(['c1']);
  });

  it('refuses a capacity that is not a non-negative integer', () => {
    expect(() => new VerifiedTokenCache(-1)).toThrow(/non-negative/);
    expect(() => new VerifiedTokenCache(1.5)).toThrow(/non-negative/);
  });
});
