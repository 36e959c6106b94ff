// Demo data for the embedded default (`npm start` on an empty store) and for tests and benchmarks.
export {
  planDistrict,
  districtPlanner,
  DEFAULT_SEED_OPTIONS,
  type DistrictPlanner,
  type SeedOptions,
  type SeedPlan,
  type HouseholdPlan,
  type ResidentPlan,
} from './plan';
export {
  seedDistrict,
  seedLayout,
  seedIdSeed,
  streetOfficial,
  noCounts,
  SeedRun,
  SEED_DISTRICT_OFFICIAL,
  type HouseholdCounts,
  SEED_REASON,
  type SeedLayout,
  type SeedProgress,
  type SeedResult,
  type SeedRunOptions,
  type SeedTarget,
} from './seed';
export { findSeededDistrict, seedService } from './seed-service';
export { demoInfo, demoUsers, gridRecordsDemo, seedingLine } from './demo';
export { Prng } from './prng';
export { givenName, mobile } from './identities';
export { STREETS, type CommunitySpec, type StreetSpec } from './lengshuitan';
