import type { Role } from '@grid/contracts';
import type { Config } from '@grid/platform';
import { signEmbeddedToken } from '@grid/platform/http';

export interface TokenOptions {
  role: Role;
  scope: string[];
  sub: string;
  /** Seconds, or a span such as '8h'. */
  ttl: number | string;
}

/**
 * A token from the data folder's own key pair (DATA_DIR/keys), the one the embedded server verifies with: created
 * on first use, so a token minted before the first start is still accepted. Refused when the configuration
 * names an identity provider (JWT_JWKS_URL / JWT_PUBLIC_KEY / JWT_PUBLIC_KEY_FILE, required with production adapters): then tokens come from there, never from here.
 */
export function issueToken(config: Config, options: TokenOptions): Promise<string> {
  if (options.scope.length === 0) throw new Error('--scope needs at least one region id (or *)');
  return signEmbeddedToken(config, options);
}
