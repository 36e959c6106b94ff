import type { Role } from '@grid/contracts';
import { decodeJwt, SignJWT } from 'jose';
import type { Config } from '../config/config';
import { MAX_TOKEN_LIFETIME_SECONDS } from './token-verifier';
import { EMBEDDED_AUDIENCE, EMBEDDED_ISSUER, loadOrCreateSigningKeys, type SigningKeys } from './signing-keys';

export interface TokenRequest {
  sub: string;
  role: Role;
  scope: string[];
  /** Lifetime: seconds, or a jose time span such as '8h' or '30 days'. */
  ttl: number | string;
}

/** Signs a token with the embedded key pair (embedded mode and `gridctl token`; never production). */
export async function signToken(request: TokenRequest, keys: SigningKeys, claims: { issuer?: string; audience?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: request.role, scope: request.scope })
    .setProtectedHeader({ alg: keys.alg, kid: keys.kid, typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(claims.issuer ?? EMBEDDED_ISSUER)
    .setAudience(claims.audience ?? EMBEDDED_AUDIENCE)
    .setIssuedAt(now)
    // A number given to jose is an absolute time; a ttl in seconds is relative, so it is added here.
    .setExpirationTime(typeof request.ttl === 'number' ? now + request.ttl : request.ttl)
    .sign(keys.privateKey);
}

/** `signToken` with the key pair of the configured data folder, created on first use. */
export async function signEmbeddedToken(config: Config, request: TokenRequest): Promise<string> {
  // loadConfig requires an identity provider's key with every production adapter, so this covers those too.
  if (config.tokenKeys.kind !== 'embedded') {
    throw new Error('tokens are issued by the identity provider when JWT_JWKS_URL, JWT_PUBLIC_KEY or JWT_PUBLIC_KEY_FILE is set');
  }
  const issuer = config.JWT_ISSUER ?? EMBEDDED_ISSUER;
  const audience = config.JWT_AUDIENCE ?? EMBEDDED_AUDIENCE;
  const token = await signToken(request, await loadOrCreateSigningKeys(config.dataDir), { issuer, audience });
  // jose read the span; its reading is checked rather than parsing spans a second way here.
  const { iat, exp } = decodeJwt(token);
  if (exp! - iat! > MAX_TOKEN_LIFETIME_SECONDS) throw new Error(`ttl must be at most ${MAX_TOKEN_LIFETIME_SECONDS / 3600} h: the verifier refuses longer tokens`);
  return token;
}
