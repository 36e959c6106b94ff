import type { DemoDefinition } from '@grid/platform/service';
import type { CharityServices } from '../composition';

/** Filled in below (seed-charity.ts). */
export const charityDemo: DemoDefinition<CharityServices> | undefined = undefined;
