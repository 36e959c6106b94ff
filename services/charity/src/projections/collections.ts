// The charity read models' collections (one prefix, so they never collide with another service's on a shared store).
export const ORGANISATIONS = 'charity_organisations';
export const DONORS = 'charity_donors';
export const CAMPAIGNS = 'charity_campaigns';
export const DONATIONS = 'charity_donations';
export const FUNDS = 'charity_funds';
export const TRANSACTIONS = 'charity_transactions';
export const ALLOCATIONS = 'charity_allocations';
export const RESTRICTED_POOLS = 'charity_restricted_pools';
export const YEAR_TOTALS = 'charity_year_totals';
export const TRACES = 'charity_traces';
export const HOUSEHOLDS = 'charity_households';
export const PROJECTS = 'charity_projects';
