import type { Role } from '@grid/contracts';
import { SignJWT } from 'jose';
import type { Config } from '../config/config';
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
  if (config.JWT_JWKS_URL || config.JWT_PUBLIC_KEY) {
    throw new Error('tokens are issued by the identity provider when JWT_JWKS_URL or JWT_PUBLIC_KEY is set');
  }
  const issuer = config.JWT_ISSUER ?? EMBEDDED_ISSUER;
  const audience = config.JWT_AUDIENCE ?? EMBEDDED_AUDIENCE;
  return signToken(request, await loadOrCreateSigningKeys(config.dataDir), { issuer, audience });
}
