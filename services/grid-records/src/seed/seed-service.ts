import type { EventStore } from '@grid/platform';
import { regionStream } from '../application/streams';
import type { GridRecordsServices } from '../composition';
import { seedDistrict, seedLayout, type SeedLayout, type SeedResult, type SeedRunOptions } from './seed';

/**
 * Seeds through a running grid-records service's own application objects: the same read models, status
 * reactions and relay as every API request, so seeded data is exactly what the API would have produced, and the
 * service answers (/health, reads) while it fills. `store` is the service's event store.
 */
export function seedService(service: { services: GridRecordsServices }, store: EventStore, options: SeedRunOptions = {}): Promise<SeedResult> {
  return seedDistrict({ services: service.services, store }, options);
}

/** The seeded district's layout when `store` holds it (a restart of a seeded data folder), else null. */
export async function findSeededDistrict(store: EventStore, options: SeedRunOptions = {}): Promise<SeedLayout | null> {
  const layout = seedLayout(options);
  const [created] = await store.readStream(regionStream(layout.districtId), { maxCount: 1 });
  return created ? layout : null;
}
