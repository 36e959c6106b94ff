import { createHash } from 'node:crypto';
import type { Principal } from './principal';

/** Default bound: one entry is a digest and a principal (well under 1 KiB), so the cache stays a few MiB. */
export const TOKEN_CACHE_SIZE = 10_000;

/**
 * The longest a verification is reused, whatever the token's `exp`. A JWKS-configured verifier must
 * notice a key rotated away: jose's own JWKS cache already keeps a fetched key set for up to 10 minutes,
 * so this adds at most one more minute to how long a withdrawn key's tokens are still honoured.
 */
export const TOKEN_CACHE_MAX_AGE_MS = 60_000;

/** The time claims of a verified token, in NumericDate seconds as in the JWT. */
export interface TokenTimes {
  exp: number;
  nbf?: number | undefined;
}

interface Entry extends TokenTimes {
  principal: Principal;
  verifiedAt: number;
}

/**
 * Tokens whose signature and claims were verified, so a client that sends the same token on every
 * request pays for one ECDSA/EdDSA verification instead of one per request (~7 % of CPU on the write
 * path). Only successes are stored; a hit is re-checked against the clock (`exp`, `nbf`, with the
 * verifier's tolerance, exactly as jose checks them) and against TOKEN_CACHE_MAX_AGE_MS.
 *
 * Keyed by SHA-256 of the compact token: one changed character is another key, and the cache holds no
 * bearer credential a heap dump could replay. A Map keeps insertion order, so re-inserting on every hit
 * makes its first key the least recently used.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity: number = TOKEN_CACHE_SIZE,
    private readonly clockToleranceSeconds = 0,
    private readonly maxAgeMs: number = TOKEN_CACHE_MAX_AGE_MS,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new TypeError('token cache size must be a non-negative integer');
  }

  /** The principal of a token verified earlier and still valid at `nowMs`; undefined means verify it. */
  get(token: string, nowMs: number): Principal | undefined {
    if (this.capacity === 0) return undefined;
    const digest = digestOf(token);
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    this.entries.delete(digest);
    if (!this.stillValid(entry, nowMs)) return undefined;
    this.entries.set(digest, entry);
    return copyOf(entry.principal);
  }

  /** Remembers a successful verification that started at `verifiedAt` (ms). */
  set(token: string, principal: Principal, times: TokenTimes, verifiedAt: number): void {
    if (this.capacity === 0) return;
    const digest = digestOf(token);
    this.entries.delete(digest);
    this.entries.set(digest, { principal: copyOf(principal), exp: times.exp, nbf: times.nbf, verifiedAt });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private stillValid(entry: Entry, nowMs: number): boolean {
    // The same arithmetic as jose's claim checks (whole seconds, tolerance on both sides), so a hit is
    // accepted exactly when a fresh verification at this instant would be.
    const now = Math.floor(nowMs / 1000);
    if (entry.exp <= now - this.clockToleranceSeconds) return false;
    if (entry.nbf !== undefined && entry.nbf > now + this.clockToleranceSeconds) return false;
    // Both directions: a clock stepped backwards must not stretch an entry's life either.
    const age = nowMs - entry.verifiedAt;
    return age >= 0 && age <= this.maxAgeMs;
  }
}

const digestOf = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64');

/** Each request gets its own principal, as an uncached verification gives: a handler changing it must not change the next request's. */
const copyOf = (principal: Principal): Principal => ({ ...principal, scope: [...principal.scope] });
