import type { Role } from '@grid/contracts';
import type { Config } from '@grid/platform';
import { signEmbeddedToken } from '@grid/platform/http';
import type { SeedLayout, SeedProgress } from '@grid/grid-records';

/** A ready token for one role of the demo district. */
export interface DemoToken {
  role: Role;
  /** Shell variable the banner exports it as. */
  variable: string;
  sub: string;
  /** Region ids the token covers, with their public names (no personal data). */
  scope: { id: string; name: string }[];
  token: string;
}

/** Long enough for a working day of trying things; `gridctl token` makes more. */
export const DEMO_TOKEN_TTL = '12h';

/**
 * One token per role, scoped as a real user of that role would be: the grid worker to one grid (the first
 * community's, with its assigned worker as subject), officials to their community, street or district, the
 * auditor district-wide.
 */
export async function demoTokens(config: Config, layout: SeedLayout): Promise<DemoToken[]> {
  const at = (key: string) => ({ id: layout.regionIds[key]!, name: layout.regionNames[key]! });
  const gridWorker = layout.workers.find((w) => w.gridKey === 's1c1g')!;
  const wanted: Omit<DemoToken, 'token'>[] = [
    { role: 'grid-worker', variable: 'GRID_WORKER_TOKEN', sub: gridWorker.workerId, scope: [at('s1c1g')] },
    { role: 'community-official', variable: 'COMMUNITY_OFFICIAL_TOKEN', sub: 'demo-community-official', scope: [at('s1c1')] },
    { role: 'street-official', variable: 'STREET_OFFICIAL_TOKEN', sub: 'demo-street-official', scope: [at('s1')] },
    { role: 'district-official', variable: 'DISTRICT_OFFICIAL_TOKEN', sub: 'demo-district-official', scope: [at('d')] },
    { role: 'auditor', variable: 'AUDITOR_TOKEN', sub: 'demo-auditor', scope: [at('d')] },
  ];
  // Production verifies tokens from the identity provider; the embedded key pair only signs in embedded mode.
  if (config.tokenKeys.kind !== 'embedded') return [];
  // One after another: on a new data folder the first call creates the key pair, and parallel first calls in one
  // process collide on the key file's temporary name (platform loadOrCreateSigningKeys, same pid and millisecond).
  const tokens: DemoToken[] = [];
  for (const t of wanted) {
    tokens.push({
      ...t,
      token: await signEmbeddedToken(config, { sub: t.sub, role: t.role, scope: t.scope.map((s) => s.id), ttl: DEMO_TOKEN_TTL }),
    });
  }
  return tokens;
}

export function seedingLine(p: SeedProgress): string {
  if (p.phase === 'regions') return `  regions and grid workers: ${p.done} nodes`;
  return `  households (with their statuses and visits): ${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')}`;
}

export interface BannerInput {
  url: string;
  config: Config;
  kinds: { store: string; bus: string; documents: string };
  layout: SeedLayout | null;
  seeded: { households: number; ms: number } | null;
  tokens: DemoToken[];
}

/** What a new user needs to start: where it runs, where the API is described, tokens, a first request. */
export function banner({ url, config, kinds, layout, seeded, tokens }: BannerInput): string {
  const lines = [
    '',
    `grid-governance (embedded) ready on ${url}`,
    `  services   grid-records  (elections, charity, help-projects join this process later)`,
    `  adapters   store ${kinds.store} · bus ${kinds.bus} · documents ${kinds.documents} · data ${config.dataDir}`,
    `  health     ${url}/health`,
    `  API docs   ${url}/docs`,
    `  OpenAPI    ${url}/openapi.json`,
  ];
  if (layout) {
    lines.push(
      seeded
        ? `  demo data  冷水滩区, seeded now (${seeded.households} households, ${(seeded.ms / 1000).toFixed(1)} s)`
        : '  demo data  冷水滩区 (seeded on the first start)',
    );
  } else {
    lines.push('  demo data  none (not an empty store at first start, or SEED_HOUSEHOLDS=0)');
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
    const district = tokens.find((t) => t.role === 'district-official')!.scope[0]!.id;
    lines.push(
      '',
      'Try:',
      `  curl -s ${url}/health`,
      `  curl -s -H "authorization: Bearer $GRID_WORKER_TOKEN" "${url}/v1/households?limit=3"`,
      `  curl -s -H "authorization: Bearer $DISTRICT_OFFICIAL_TOKEN" ${url}/v1/regions/${district}/children`,
    );
  } else {
    lines.push('', 'Tokens: npm run gridctl -- token --role <role> --scope <regionId> (embedded mode)');
  }
  lines.push('', 'Ctrl-C stops it; the data folder keeps everything for the next start.', '');
  return lines.join('\n');
}
