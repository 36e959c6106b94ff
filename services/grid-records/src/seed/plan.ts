import type { Registration, RegionLevel } from '@grid/contracts';
import type { IsoDate } from '../domain';
import { planHousehold } from './households-plan';
import {
  BUILDINGS_PER_MICRO_GRID,
  DISTRICT,
  MICRO_GRIDS_PER_GRID,
  NUMERALS,
  STREETS,
  URBAN_REGISTRATION,
  type StreetSpec,
} from './lengshuitan';
import { Prng } from './prng';
import type { HouseholdPlan } from './plan-types';
import { planStatuses } from './statuses-plan';

export interface SeedOptions {
  /** PRNG seed: the same seed gives the same district, people and statuses. */
  seed: number;
  /** How many households (default 2 000). */
  households: number;
  /** The demo's "today": birth dates and effective dates are drawn before it (fixed, so plans do not age). */
  asOf: IsoDate;
  /** The tree's streets and their communities (default: seed 002's slice, `STREETS`); a district-scale run passes more. */
  streets?: readonly StreetSpec[];
}

export const DEFAULT_SEED_OPTIONS: SeedOptions = { seed: 2020, households: 2000, asOf: '2026-06-30' };

/** The day the region tree was set up (网格化 before the 2020 report) and the households' first registration window. */
export const TREE_ON: IsoDate = '2019-01-01';

export interface RegionPlan {
  key: string;
  parentKey: string | null;
  level: RegionLevel;
  kind?: 'district' | 'sub-district' | 'town' | 'community' | 'village';
  name: string;
  code?: string;
  /** Urban or village community the node belongs to (drives registration and addresses). */
  rural: boolean;
}

export interface WorkerPlan {
  /** Also the token subject a grid worker logs in with. */
  workerId: string;
  gridKey: string;
  from: IsoDate;
}

export type { DisabilityPlan, HouseholdPlan, ResidentPlan } from './plan-types';

export interface SeedPlan {
  options: SeedOptions;
  regions: RegionPlan[];
  workers: WorkerPlan[];
  households: HouseholdPlan[];
}

/**
 * The whole demo district as plain data, from the seed alone: no clock, no store. Executing it (seed.ts) sends
 * every item through the application commands; this split is what makes "same seed, same district" testable.
 */
export function planDistrict(partial: Partial<SeedOptions> = {}): SeedPlan {
  const { households, ...layout } = districtPlanner(partial);
  return { ...layout, households: [...households()] };
}

/** The district's tree and workers, and its households one at a time in plan order (a large district never holds them all). */
export interface DistrictPlanner extends Omit<SeedPlan, 'households'> {
  households(): Generator<HouseholdPlan>;
}

export function districtPlanner(partial: Partial<SeedOptions> = {}): DistrictPlanner {
  const options = { ...DEFAULT_SEED_OPTIONS, ...partial };
  const root = new Prng(options.seed);
  const regions: RegionPlan[] = [
    { key: 'd', parentKey: null, level: 'district', kind: DISTRICT.kind, name: DISTRICT.name, code: DISTRICT.code, rural: false },
  ];
  const workers: WorkerPlan[] = [];
  /** Micro-grids with their buildings and weight, where households are placed. */
  const places: { microKey: string; buildings: string[]; weight: number; rural: boolean; label: string }[] = [];

  (options.streets ?? STREETS).forEach((street, si) => {
    const streetKey = `s${si + 1}`;
    regions.push({ key: streetKey, parentKey: 'd', level: 'street', kind: street.kind, name: street.name, rural: street.kind === 'town' });
    street.communities.forEach((community, ci) => {
      const rural = community.kind === 'village';
      const communityKey = `${streetKey}c${ci + 1}`;
      const gridKey = `${communityKey}g`;
      regions.push({ key: communityKey, parentKey: streetKey, level: 'community', kind: community.kind, name: community.name, rural });
      // One grid per 居民区 (docs/domain-glossary.md §1); its code is the district's grid numbering, made up here.
      regions.push({
        key: gridKey,
        parentKey: communityKey,
        level: 'grid',
        name: `${community.name}网格`,
        code: `${DISTRICT.code}-${si + 1}${String(ci + 1).padStart(2, '0')}`,
        rural,
      });
      workers.push({ workerId: `gw-${si + 1}${String(ci + 1).padStart(2, '0')}`, gridKey, from: TREE_ON });
      for (let m = 1; m <= MICRO_GRIDS_PER_GRID; m += 1) {
        const microKey = `${gridKey}m${m}`;
        const microName = rural ? `第${NUMERALS[m - 1]}村民小组` : `第${NUMERALS[m - 1]}微网格`;
        regions.push({ key: microKey, parentKey: gridKey, level: 'micro-grid', name: microName, rural });
        workers.push({ workerId: `gw-${si + 1}${String(ci + 1).padStart(2, '0')}-${m}`, gridKey: microKey, from: TREE_ON });
        const buildings: string[] = [];
        if (!rural) {
          for (let b = 1; b <= BUILDINGS_PER_MICRO_GRID; b += 1) {
            const number = (m - 1) * BUILDINGS_PER_MICRO_GRID + b;
            const buildingKey = `${microKey}b${b}`;
            regions.push({ key: buildingKey, parentKey: microKey, level: 'building', name: `${number}栋`, rural });
            buildings.push(buildingKey);
          }
        }
        places.push({
          microKey,
          buildings,
          weight: community.weight / MICRO_GRIDS_PER_GRID,
          rural,
          label: `${street.name}${community.name}${rural ? microName : ''}`,
        });
      }
    });
  });

  const byKey = new Map(regions.map((r) => [r.key, r]));
  const weighted = places.map((p) => [p, p.weight] as const);
  // Each call starts the generators afresh: the same seed, the same households in the same order.
  function* households(): Generator<HouseholdPlan> {
    const peopleRng = root.fork('people');
    const statusRng = root.fork('statuses');
    const taken = new Set<string>();
    const placeRng = root.fork('places');
    const doorCounters = new Map<string, number>();
    for (let i = 0; i < options.households; i += 1) {
      const place = placeRng.weighted(weighted);
      const buildingKey = place.buildings.length > 0 ? placeRng.pick(place.buildings) : undefined;
      const door = (doorCounters.get(buildingKey ?? place.microKey) ?? 0) + 1;
      doorCounters.set(buildingKey ?? place.microKey, door);
      const address = buildingKey
        ? `${place.label}${byKey.get(buildingKey)!.name}${Math.ceil(door / 12)}单元${Math.ceil((door % 12 || 12) / 2)}0${(door % 2) + 1}室`
        : `${place.label}${door}号`;
      const registration: Registration = placeRng.chance(place.rural ? URBAN_REGISTRATION.village : URBAN_REGISTRATION.community)
        ? 'urban'
        : 'rural';
      const household = planHousehold(peopleRng, {
        key: `h${String(i + 1).padStart(5, '0')}`,
        gridKey: place.microKey,
        ...(buildingKey ? { buildingKey } : {}),
        address,
        registration,
        rural: place.rural,
        asOf: options.asOf,
        taken,
      });
      // Its own generator: the status mix can change without changing a single person.
      yield { ...household, ...planStatuses(statusRng, { ...household, cases: [], visits: [] }, options.asOf) };
    }
  }
  return { options, regions, workers, households };
}
