/** The token of an `Authorization: Bearer …` header (RFC 6750 token68), or null when there is none or it is malformed. */
export function bearerToken(header: string | undefined): string | null {
  return /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(header ?? '')?.[1] ?? null;
}
