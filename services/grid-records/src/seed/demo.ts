import type { DemoDefinition, DemoInfo, DemoUser } from '@grid/platform/service';
import type { GridRecordsServices } from '../composition';
import { seedDistrict, type SeedLayout, type SeedProgress } from './seed';
import { findSeededDistrict } from './seed-service';

/**
 * One user per role, scoped as a real user of that role would be: the grid worker to one grid (the first
 * community's, with its assigned worker as subject), officials to their community, street or district, the
 * auditor district-wide.
 */
export function demoUsers(layout: SeedLayout): DemoUser[] {
  const at = (key: string) => ({ id: layout.regionIds[key]!, name: layout.regionNames[key]! });
  const gridWorker = layout.workers.find((w) => w.gridKey === 's1c1g')!;
  return [
    { role: 'grid-worker', variable: 'GRID_WORKER_TOKEN', sub: gridWorker.workerId, scope: [at('s1c1g')] },
    { role: 'community-official', variable: 'COMMUNITY_OFFICIAL_TOKEN', sub: 'demo-community-official', scope: [at('s1c1')] },
    { role: 'street-official', variable: 'STREET_OFFICIAL_TOKEN', sub: 'demo-street-official', scope: [at('s1')] },
    { role: 'district-official', variable: 'DISTRICT_OFFICIAL_TOKEN', sub: 'demo-district-official', scope: [at('d')] },
    { role: 'auditor', variable: 'AUDITOR_TOKEN', sub: 'demo-auditor', scope: [at('d')] },
  ];
}

export function seedingLine(p: SeedProgress): string {
  if (p.phase === 'regions') return `  regions and grid workers: ${p.done} nodes`;
  return `  households (with their statuses and visits): ${p.done.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')}`;
}

/** The banner's part for a seeded district. */
export const demoInfo = (layout: SeedLayout, summary: string): DemoInfo => ({
  summary,
  users: demoUsers(layout),
  tries: [
    'curl -s -H "authorization: Bearer $GRID_WORKER_TOKEN" "{url}/v1/households?limit=3"',
    `curl -s -H "authorization: Bearer $DISTRICT_OFFICIAL_TOKEN" {url}/v1/regions/${layout.districtId}/children`,
  ],
});

/** The demo district 冷水滩区 (seed 002), seeded through the service's own application commands. */
export const gridRecordsDemo: DemoDefinition<GridRecordsServices> = {
  async seed({ services, store, size, signal, progress }) {
    progress(`grid-records: seeding the demo district 冷水滩区 (first start only, SEED_HOUSEHOLDS=0 skips it)…`);
    const result = await seedDistrict({ services, store }, { households: size, signal, onProgress: (p) => progress(seedingLine(p)) });
    const c = result.counts;
    progress(
      `  seeded ${c.regions} regions, ${c.workers} grid workers, ${c.households} households, ${c.residents} residents, ` +
        `${c.cases} assistance cases (${c.caseSteps} steps), ${c.visits} visits in ${(result.ms / 1000).toFixed(1)} s`,
    );
    return demoInfo(result, `冷水滩区, seeded now (${c.households} households, ${(result.ms / 1000).toFixed(1)} s)`);
  },
  async find(store) {
    const layout = await findSeededDistrict(store);
    return layout ? demoInfo(layout, '冷水滩区 (seeded on the first start)') : null;
  },
};
