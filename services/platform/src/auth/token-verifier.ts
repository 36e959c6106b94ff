import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, importJWK, jwtVerify, type CryptoKey, type JWK, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config/config';
import { TokenClaimsSchema, type Principal } from './principal';
import { EMBEDDED_AUDIENCE, EMBEDDED_ISSUER, loadOrCreateSigningKeys } from './signing-keys';

/** Asymmetric only: a shared HMAC secret would let every service mint tokens. */
export const ACCEPTED_ALGORITHMS = ['ES256', 'EdDSA', 'Ed25519'];

/** Verifies a bearer token into a Principal, or throws InvalidTokenError. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export class InvalidTokenError extends Error {}

type VerifyKey = CryptoKey | KeyObject | JWTVerifyGetKey;

export class JoseTokenVerifier implements TokenVerifier {
  constructor(
    private readonly key: VerifyKey,
    private readonly options: { issuer?: string; audience?: string },
  ) {}

  async verify(token: string): Promise<Principal> {
    let payload: unknown;
    try {
      const opts = { algorithms: ACCEPTED_ALGORITHMS, ...this.options, requiredClaims: ['exp', 'sub'] };
      // Two calls only to satisfy jose's overloads (a key, or a key-resolving function).
      ({ payload } = typeof this.key === 'function' ? await jwtVerify(token, this.key, opts) : await jwtVerify(token, this.key, opts));
    } catch (error) {
      // Only token faults are the caller's; a JWKS endpoint that is down is ours and must not read as 401.
      if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)) throw new InvalidTokenError(error.code);
      throw error;
    }
    const claims = TokenClaimsSchema.safeParse(payload);
    if (!claims.success) throw new InvalidTokenError('token lacks sub, role or scope');
    return claims.data;
  }
}

/**
 * Production: `JWT_JWKS_URL` (keys fetched and cached, rotation followed) or `JWT_PUBLIC_KEY` (PEM or
 * JWK). Neither set: embedded mode, verifying with the data folder's own key pair.
 */
export async function createTokenVerifier(config: Config): Promise<TokenVerifier> {
  if (config.JWT_JWKS_URL) {
    return new JoseTokenVerifier(createRemoteJWKSet(new URL(config.JWT_JWKS_URL)), issuerAudience(config));
  }
  if (config.JWT_PUBLIC_KEY) {
    return new JoseTokenVerifier(await importPublicKey(config.JWT_PUBLIC_KEY), issuerAudience(config));
  }
  const keys = await loadOrCreateSigningKeys(config.dataDir);
  return new JoseTokenVerifier(keys.publicKey, { issuer: config.JWT_ISSUER ?? EMBEDDED_ISSUER, audience: config.JWT_AUDIENCE ?? EMBEDDED_AUDIENCE });
}

function issuerAudience(config: Config): { issuer?: string; audience?: string } {
  return { ...(config.JWT_ISSUER ? { issuer: config.JWT_ISSUER } : {}), ...(config.JWT_AUDIENCE ? { audience: config.JWT_AUDIENCE } : {}) };
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
