import type { RateName } from './rate';

/** What each rate counts (the 2025 plan wants all three at 100%: seed 003). Published in the API docs. */
export const RATE_DEFINITIONS: Record<RateName, string> = {
  'joint-handling':
    '惠民联办率 = 救助一件事 joint cases opened in the region in the period and handled jointly (every step done, by two members or more) by its last day / joint cases opened in the region in the period. Counted in cases; drill-down lists their households.',
  'visit-care':
    '探访关爱率 = households in the region with a visit duty (a status that obliges visits, DEFAULT_VISIT_DUTIES, in force on a day of the period) visited on a day of the period while the duty ran / households in the region with a visit duty in the period.',
  'benefit-list':
    '幸福清单送达率 = households in the region entitled to a benefit list (an assistance status other than one-off 临时救助 in force on a day of the period) whose list a member delivered on a day of the period / households entitled to one.',
};
