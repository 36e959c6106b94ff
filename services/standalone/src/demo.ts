import type { Config } from '@grid/platform';
import { signEmbeddedToken } from '@grid/platform/http';
import type { DemoInfo, DemoUser } from '@grid/platform/service';

/** A ready token for one demo user. */
export interface DemoToken extends DemoUser {
  token: string;
}

/** Long enough for a working day of trying things; `gridctl token` makes more. */
export const DEMO_TOKEN_TTL = '12h';

/** A token per demo user of the mounted services, signed with the data folder's key (embedded mode only). */
export async function demoTokens(config: Config, users: DemoUser[]): Promise<DemoToken[]> {
  // Production verifies tokens from the identity provider; the embedded key pair only signs in embedded mode.
  if (config.tokenKeys.kind !== 'embedded') return [];
  // One after another: on a new data folder the first call creates the key pair, and parallel first calls in one
  // process collide on the key file's temporary name (platform loadOrCreateSigningKeys, same pid and millisecond).
  const tokens: DemoToken[] = [];
  for (const u of users) {
    tokens.push({ ...u, token: await signEmbeddedToken(config, { sub: u.sub, role: u.role, scope: u.scope.map((s) => s.id), ttl: DEMO_TOKEN_TTL }) });
  }
  return tokens;
}

export interface BannerInput {
  url: string;
  config: Config;
  kinds: { store: string; bus: string; documents: string };
  services: string[];
  /** Each mounted service's demo data (null: none). */
  demos: { service: string; demo: DemoInfo | null }[];
  tokens: DemoToken[];
}

/** What a new user needs to start: where it runs, where the API is described, tokens, a first request. */
export function banner({ url, config, kinds, services, demos, tokens }: BannerInput): string {
  const lines = [
    '',
    `grid-governance (embedded) ready on ${url}`,
    `  services   ${services.join(' · ')}`,
    `  adapters   store ${kinds.store} · bus ${kinds.bus} · documents ${kinds.documents} · data ${config.dataDir}`,
    `  health     ${url}/health`,
    `  API docs   ${url}/docs`,
    `  OpenAPI    ${url}/openapi.json`,
  ];
  for (const { service, demo } of demos) {
    lines.push(demo ? `  demo data  ${service}: ${demo.summary}` : `  demo data  ${service}: none (not an empty store at first start, or SEED_HOUSEHOLDS=0)`);
  }
  if (tokens.length > 0) {
    lines.push(
      '',
      `Demo tokens, for the made-up demo district only (valid ${DEMO_TOKEN_TTL}; real users get theirs from`,
      '  npm run gridctl -- token --role <role> --scope <regionId>, or from the identity provider in production):',
    );
    for (const t of tokens) {
      lines.push(`  # ${t.role}, ${t.sub} in ${t.scope.map((s) => `${s.name} ${s.id}`).join(', ')}`);
      lines.push(`  export ${t.variable}=${t.token}`);
    }
    const tries = demos.flatMap(({ demo }) => demo?.tries ?? []).map((t) => `  ${t.replaceAll('{url}', url)}`);
    lines.push('', 'Try:', `  curl -s ${url}/health`, ...tries);
  } else {
    lines.push('', 'Tokens: npm run gridctl -- token --role <role> --scope <regionId> (embedded mode)');
  }
  lines.push('', 'Ctrl-C stops it; the data folder keeps everything for the next start.', '');
  return lines.join('\n');
}
