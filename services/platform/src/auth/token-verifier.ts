import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, importJWK, jwtVerify, type CryptoKey, type JWK, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { readFile } from 'node:fs/promises';
import { ConfigError, type Config } from '../config/config';
import { TokenClaimsSchema, type Principal } from './principal';
import { EMBEDDED_AUDIENCE, EMBEDDED_ISSUER, loadOrCreateSigningKeys } from './signing-keys';
import { TOKEN_CACHE_SIZE, VerifiedTokenCache } from './verified-token-cache';

/** Asymmetric only: a shared HMAC secret would let every service mint tokens. */
export const ACCEPTED_ALGORITHMS = ['ES256', 'EdDSA', 'Ed25519'];

/** Verifies a bearer token into a Principal, or throws InvalidTokenError. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export class InvalidTokenError extends Error {}

type VerifyKey = CryptoKey | KeyObject | JWTVerifyGetKey;

/** The longest a token may live (exp − iat, or exp − now without iat), whoever issued it. */
export const MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/** No leeway on exp/nbf (jose's default, stated here because the cache must apply the same). */
export const CLOCK_TOLERANCE_SECONDS = 0;

export interface JoseTokenVerifierOptions {
  issuer?: string;
  audience?: string;
  /** Verified tokens remembered (LRU, see VerifiedTokenCache), default 10 000; 0 verifies every time. */
  cacheSize?: number;
  /** Milliseconds since the epoch; jose's claim checks and the cache both read it. Tests pass a fake. */
  now?: () => number;
}

export class JoseTokenVerifier implements TokenVerifier {
  private readonly claimOptions: { issuer?: string; audience?: string };
  private readonly now: () => number;
  private readonly cache: VerifiedTokenCache;

  constructor(
    private readonly key: VerifyKey,
    options: JoseTokenVerifierOptions = {},
  ) {
    const { cacheSize = TOKEN_CACHE_SIZE, now = Date.now, ...claimOptions } = options;
    this.claimOptions = claimOptions;
    this.now = now;
    this.cache = new VerifiedTokenCache(cacheSize, CLOCK_TOLERANCE_SECONDS);
  }

  async verify(token: string): Promise<Principal> {
    const startedAt = this.now();
    // A hit is a token that passed every check below (same key, issuer, audience, claims) and whose
    // exp/nbf still hold now; anything else, including an entry that just expired, is verified afresh.
    const cached = this.cache.get(token, startedAt);
    if (cached) return cached;
    let payload: JWTPayload;
    try {
      const now = this.now;
      const opts: JWTVerifyOptions = {
        algorithms: ACCEPTED_ALGORITHMS,
        ...this.claimOptions,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        // A getter, because jose reads it only after the signature check (as its default new Date()
        // would be): the claims are judged by the same clock as cache hits, at the same moment as before.
        get currentDate() {
          return new Date(now());
        },
      };
      // Two calls only to satisfy jose's overloads (a key, or a key-resolving function).
      ({ payload } = typeof this.key === 'function' ? await jwtVerify(token, this.key, opts) : await jwtVerify(token, this.key, opts));
    } catch (error) {
      // Only token faults are the caller's; a JWKS endpoint that is down is ours and must not read as 401.
      if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)) throw new InvalidTokenError(error.code);
      throw error;
    }
    // A stolen long-lived token stays useful for as long as it lives; the cap bounds that for every issuer.
    const lifetime = payload.exp! - (payload.iat ?? Math.floor(startedAt / 1000));
    if (lifetime > MAX_TOKEN_LIFETIME_SECONDS) throw new InvalidTokenError(`token lifetime over ${MAX_TOKEN_LIFETIME_SECONDS / 3600} h`);
    const claims = TokenClaimsSchema.safeParse(payload);
    if (!claims.success) throw new InvalidTokenError('token lacks sub, role or scope');
    // exp is a number here: requiredClaims and jose's NumericDate check refuse a token without one.
    // The entry ages from the start of this verification, so its 60 s never begin late.
    this.cache.set(token, claims.data, { exp: payload.exp!, nbf: payload.nbf }, startedAt);
    return claims.data;
  }
}

/**
 * Production: `JWT_JWKS_URL` (keys fetched and cached, rotation followed), `JWT_PUBLIC_KEY` (PEM or JWK) or
 * `JWT_PUBLIC_KEY_FILE`, always with issuer and audience (loadConfig requires them). None set: embedded mode,
 * verifying with the data folder's own key pair. Every mode caches verified tokens for at most
 * TOKEN_CACHE_MAX_AGE_MS (and never past their exp).
 */
export async function createTokenVerifier(config: Config): Promise<TokenVerifier> {
  const keys = config.tokenKeys;
  if (keys.kind === 'embedded') {
    const pair = await loadOrCreateSigningKeys(config.dataDir);
    return new JoseTokenVerifier(pair.publicKey, { issuer: config.JWT_ISSUER ?? EMBEDDED_ISSUER, audience: config.JWT_AUDIENCE ?? EMBEDDED_AUDIENCE });
  }
  const claims = { issuer: config.JWT_ISSUER!, audience: config.JWT_AUDIENCE! };
  if (keys.kind === 'jwks') return new JoseTokenVerifier(createRemoteJWKSet(new URL(keys.url)), claims);
  return new JoseTokenVerifier(await importPublicKey(keys.kind === 'public-key' ? config.JWT_PUBLIC_KEY! : await readKeyFile(keys.path)), claims);
}

async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`invalid configuration:\n  JWT_PUBLIC_KEY_FILE: ${path} cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
}

async function importPublicKey(text: string): Promise<CryptoKey | KeyObject> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const jwk = JSON.parse(trimmed) as JWK;
    if (jwk.d) throw new Error('JWT_PUBLIC_KEY holds a private key; give the public half only');
    return (await importJWK(jwk, jwk.alg ?? (jwk.kty === 'OKP' ? 'EdDSA' : 'ES256'))) as CryptoKey;
  }
  // A PEM names its key type, so no algorithm setting is needed; jose accepts a KeyObject in Node.
  const key = createPublicKey(trimmed.replace(/\\n/g, '\n'));
  if (key.asymmetricKeyType !== 'ec' && key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`JWT_PUBLIC_KEY is a ${key.asymmetricKeyType} key; ES256 (P-256) or Ed25519 expected`);
  }
  return key;
}
