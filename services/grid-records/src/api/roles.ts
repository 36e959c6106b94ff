import type { Role } from '@grid/contracts';

/** Who may call what (DOMAIN.md §6; issue 4). Routes name one of these, so the rules read in one place. */
export const OFFICIALS: Role[] = ['community-official', 'street-official', 'district-official'];
/** Grid workers register and update the households of their own grids. */
export const HOUSEHOLD_WRITERS: Role[] = ['grid-worker'];
/** Auditors read only; officials read masked. */
export const READERS: Role[] = ['grid-worker', ...OFFICIALS, 'auditor'];

/** DI token of the composed application (composition.ts). */
export const SERVICES = Symbol('GridRecordsServices');
